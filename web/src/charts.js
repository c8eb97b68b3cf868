// uPlot charts for a job: per-node power (step spans shaded, peak marked), cumulative energy, cost/price.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';
import { compact, elapsedTick, sig } from './format.js';

// Okabe-Ito: distinguishable with the common colour-vision deficiencies; dashes repeat the cycle for >8 nodes.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const DASHES = [null, [6, 3], [2, 2], [8, 3, 2, 3]];
const STEP_FILLS = ['rgba(86,180,233,0.12)', 'rgba(230,159,0,0.12)', 'rgba(0,158,115,0.12)', 'rgba(204,121,167,0.12)'];

export const seriesStyle = (i) => ({
  stroke: PALETTE[i % PALETTE.length],
  dash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length] || undefined,
  width: 1.5,
});

/**
 * Nodes of the series API on one shared x axis: every node's points go to the bucket they came from, so
 * each node keeps exactly its own points (a node with fewer samples than buckets keeps them all).
 * Returns { xs, nodes: [{ node, idx: [bucket per point] }], cols: (key) => y arrays aligned to xs }.
 */
export function alignSeries(series) {
  const points = series.points || 1;
  const bucket = series.bucket_seconds || 0;
  const span = bucket * points;
  const perNode = (series.nodes || []).map((n) => {
    const idx = [];
    let prev = -1;
    for (const e of n.elapsed_s) {
      let b = span > 0 ? Math.min(Math.floor((e / span) * points), points - 1) : 0;
      if (b <= prev) b = prev + 1; // float edges: never merge two of a node's points
      idx.push(b);
      prev = b;
    }
    return { node: n, idx };
  });
  const used = [...new Set(perNode.flatMap((p) => p.idx))].sort((a, b) => a - b);
  const pos = new Map(used.map((b, i) => [b, i]));
  // x: the latest sample time seen in the bucket over all nodes (the API gives each point's last sample).
  const xs = new Array(used.length).fill(0);
  for (const p of perNode) p.idx.forEach((b, i) => { xs[pos.get(b)] = Math.max(xs[pos.get(b)], p.node.elapsed_s[i]); });
  const cols = (key, scale = 1) => perNode.map((p) => {
    const col = new Array(used.length).fill(null);
    const src = p.node[key];
    if (src) p.idx.forEach((b, i) => { col[pos.get(b)] = src[i] === null ? null : src[i] * scale; });
    return col;
  });
  return { xs, perNode, cols };
}

// Tick steps a reader expects for elapsed time: seconds, minutes, hours, days.
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

function xAxis() {
  return { label: 'Time since job start', values: (u, ticks) => ticks.map(elapsedTick), space: 70, incrs: TIME_INCRS };
}

function yAxis(label, size = 70) {
  return { label, size, values: (u, ticks) => ticks.map(compact) };
}

function widthOf(el) {
  return Math.max(320, Math.min(1200, (el.clientWidth || el.parentElement?.clientWidth || 900) - 8));
}

// A chart with keyboard zoom buttons (drag to zoom with the mouse, double-click resets).
function chart(container, opts, data, label) {
  const holder = h('div.chart-canvas');
  const reset = () => plot.setScale('x', { min: data[0][0], max: data[0][data[0].length - 1] });
  const zoom = (factor) => {
    const { min, max } = plot.scales.x;
    const mid = (min + max) / 2, half = ((max - min) / 2) * factor;
    plot.setScale('x', { min: mid - half, max: mid + half });
  };
  const tools = h('div.chart-tools', { role: 'group', 'aria-label': `${label}: zoom` },
    h('button', { type: 'button', onclick: () => zoom(0.5) }, 'Zoom in'),
    h('button', { type: 'button', onclick: () => zoom(2) }, 'Zoom out'),
    h('button', { type: 'button', onclick: reset }, 'Reset zoom'));
  container.append(tools, holder);
  const height = opts.height || 300;
  const plot = new uPlot({ width: widthOf(container), height, ...opts }, data, holder);
  const canvas = holder.querySelector('canvas');
  if (canvas) {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label);
  }
  if (data[0].length > 1) reset();
  const onResize = () => plot.setSize({ width: widthOf(container), height });
  window.addEventListener('resize', onResize);
  return plot;
}

/** Per-node power over time. Sets data-points (points drawn per series) on the container for tests. */
export function powerPlot(container, job, series) {
  const { xs, perNode, cols } = alignSeries(series);
  const ys = cols('power_w');
  const start = job.start_time ? Date.parse(job.start_time) / 1000 : null;
  // The batch script (and extern) span the whole job: shade the numbered steps when there are any.
  const all = (job.per_step || []).filter((s) => start !== null && s.start_time && s.end_time);
  const numbered = all.filter((s) => /^\d+$/.test(s.step));
  const steps = (numbered.length ? numbered : all).map((s, i) => ({
    name: s.step,
    from: Date.parse(s.start_time) / 1000 - start,
    to: Date.parse(s.end_time) / 1000 - start,
    fill: STEP_FILLS[i % STEP_FILLS.length],
  }));
  const peakT = job.peak_power_time_s;
  const counts = perNode.map((p) => p.idx.length);
  container.dataset.points = String(counts.length ? Math.max(...counts) : 0);
  container.dataset.pointsPerSeries = counts.join(',');
  container.dataset.series = String(counts.length);
  const opts = {
    scales: { x: { time: false } },
    axes: [xAxis(), yAxis('Power (W)')],
    series: [{ label: 'Time (s)', value: (u, v) => (v === null ? '–' : elapsedTick(v)) },
      ...perNode.map((p, i) => ({ label: p.node.node, ...seriesStyle(i), spanGaps: false, value: (u, v) => (v === null ? '–' : `${sig(v)} W`) }))],
    legend: { live: true },
    hooks: {
      drawClear: [(u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        for (const s of steps) {
          const x0 = u.valToPos(s.from, 'x', true), x1 = u.valToPos(s.to, 'x', true);
          ctx.fillStyle = s.fill;
          ctx.fillRect(Math.min(x0, x1), top, Math.max(1, Math.abs(x1 - x0)), height);
        }
      }],
      draw: [(u) => {
        if (typeof peakT !== 'number') return;
        const { ctx } = u;
        const x = u.valToPos(peakT, 'x', true);
        const { top, height, left, width } = u.bbox;
        if (x < left || x > left + width) return;
        ctx.save();
        ctx.strokeStyle = '#D55E00';
        ctx.setLineDash([4, 4]);
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        ctx.fillStyle = '#D55E00';
        ctx.font = `${12 * devicePixelRatio}px sans-serif`;
        ctx.fillText(`peak ${sig(job.peak_power_w)} W (all nodes)`, x + 4 * devicePixelRatio, top + 14 * devicePixelRatio);
        ctx.restore();
      }],
    },
  };
  const plot = chart(container, opts, [xs, ...ys], `Power per node over time, ${perNode.length} node(s)`);
  if (steps.length) {
    container.append(h('p.legend-note', null, 'Shaded: ', steps.map((s, i) =>
      h('span.step-key', { 'data-step': i % STEP_FILLS.length }, `step ${s.name} (${elapsedTick(s.from)}–${elapsedTick(s.to)})`)),
    '. Dashed line: the job\'s peak (sum over nodes).'));
  }
  return plot;
}

/** Cumulative energy per node over time, in kJ. */
export function energyPlot(container, series) {
  const { xs, perNode, cols } = alignSeries(series);
  const opts = {
    scales: { x: { time: false } },
    axes: [xAxis(), yAxis('Energy (kJ)')],
    series: [{ label: 'Time (s)', value: (u, v) => (v === null ? '–' : elapsedTick(v)) },
      ...perNode.map((p, i) => ({ label: p.node.node, ...seriesStyle(i), spanGaps: true, value: (u, v) => (v === null ? '–' : `${sig(v)} kJ`) }))],
  };
  return chart(container, opts, [xs, ...cols('energy_j', 1e-3)], 'Cumulative energy per node over time');
}

/** Cost (summed over nodes, EUR) and price (EUR/MWh) over time, when the series carries them. */
export function costPlot(container, series) {
  const nodes = series.nodes || [];
  if (!nodes.some((n) => n.cost_eur) && !nodes.some((n) => n.price_eur_per_mwh)) return null;
  const { xs, cols } = alignSeries(series);
  // Cumulative per node: a node without a point in a bucket still holds its last value.
  const sum = (arrays) => {
    const last = arrays.map(() => null);
    return xs.map((_, i) => {
      let s = null;
      arrays.forEach((a, k) => {
        if (a[i] !== null) last[k] = a[i];
        if (last[k] !== null) s = (s || 0) + last[k];
      });
      return s;
    });
  };
  const cost = sum(cols('cost_eur'));
  const priceCols = cols('price_eur_per_mwh');
  const price = xs.map((_, i) => priceCols.map((c) => c[i]).find((v) => v !== null) ?? null);
  const opts = {
    scales: { x: { time: false }, eur: {}, price: {} },
    axes: [xAxis(), { ...yAxis('Cost so far (EUR)'), scale: 'eur' }, { ...yAxis('Price (EUR/MWh)'), scale: 'price', side: 1, grid: { show: false } }],
    series: [{ label: 'Time (s)', value: (u, v) => (v === null ? '–' : elapsedTick(v)) },
      { label: 'Cost, all nodes', scale: 'eur', ...seriesStyle(0), spanGaps: true, value: (u, v) => (v === null ? '–' : `€${sig(v)}`) },
      { label: 'Price', scale: 'price', ...seriesStyle(1), dash: [6, 3], spanGaps: true, value: (u, v) => (v === null ? '–' : `${sig(v)} EUR/MWh`) }],
  };
  return chart(container, opts, [xs, cost, price], 'Cost and electricity price over time');
}

/** Runs over time for a benchmark: one figure against the runs' start times. */
export function runsPlot(container, runs, key, label, scale = 1) {
  const pts = runs.filter((r) => r.start_time && typeof r[key] === 'number')
    .map((r) => [Date.parse(r.start_time) / 1000, r[key] * scale]).sort((a, b) => a[0] - b[0]);
  if (!pts.length) return null;
  const opts = {
    height: 220,
    // Runs that all started at one time (or one run) give no span: show an hour either side, not years.
    scales: { x: { time: true, range: (u, min, max) => (max - min < 60 ? [min - 3600, max + 3600] : [min, max]) } },
    axes: [{ label: 'Run start (UTC)' }, yAxis(label)],
    series: [{}, { label, ...seriesStyle(0), points: { show: true, size: 7 }, value: (u, v) => (v === null ? '–' : sig(v)) }],
    legend: { show: false },
  };
  return chart(container, opts, [pts.map((p) => p[0]), pts.map((p) => p[1])], `${label} per run over time`);
}
