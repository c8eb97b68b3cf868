// The job page: summary figures, plots, bars, perf counters, warnings, CSV download. Used by the
// dashboard (data from the API) and by the local report (data embedded in the file).
import { h, figures } from './dom.js';
import * as fmt from './format.js';
import { powerPlot, energyPlot, costPlot } from './charts.js';
import { toCsv } from './csv.js';

export function jobStateText(job) {
  if (job.state === 'done') return job.complete ? 'done' : 'done (receiving files)';
  return job.state || '–';
}

export function summaryFigures(job) {
  return figures([
    ['Energy to solution', fmt.energy(job.energy_to_solution_j), { testid: 'job-energy', 'data-value': job.energy_to_solution_j ?? '' }],
    ['Time to solution', fmt.duration(job.time_to_solution_s)],
    ['Average power', fmt.power(job.average_power_w)],
    ['Peak power', job.peak_power_w == null ? null : `${fmt.power(job.peak_power_w)} at ${fmt.elapsedTick(job.peak_power_time_s ?? 0)}`],
    ['Energy-delay product', fmt.plain(job.energy_delay_product, 'J·s')],
    ['Cost', job.cost_eur == null ? null : fmt.eur(job.cost_eur)],
    ['CO₂', job.co2_g == null ? null : fmt.grams(job.co2_g)],
    ['Nodes', job.nodes ?? null],
    ['Steps', (job.steps || []).join(', ') || null],
    ['Start', fmt.when(job.start_time)],
    ['End', fmt.when(job.end_time)],
    ['Benchmark', job.benchmark || null],
    ['Cluster', job.cluster || null],
    ['State', job.state ? jobStateText(job) : null],
    ['Files', Array.isArray(job.files) ? job.files.length : (job.files ?? null)],
    ['Power scope', job.power_scope || null],
    ['Pipeline version', job.pipeline_version || null],
  ]);
}

function perfFigures(perf) {
  if (!perf) return null;
  return h('section.card', { 'aria-labelledby': 'perf-h' },
    h('h2', { id: 'perf-h' }, 'Performance counters and efficiency'),
    figures([
      ['Double precision', fmt.plain(perf.dp_mflops, 'MFLOP/s')],
      ['Single precision', fmt.plain(perf.sp_mflops, 'MFLOP/s')],
      ['Runtime (counters)', fmt.duration(perf.runtime_s)],
      ['Work', fmt.plain(perf.gflop_total, 'GFLOP')],
      ['Efficiency', fmt.plain(perf.gflops_per_w, 'GFLOP/s per W')],
      ['Work per energy', fmt.plain(perf.gflop_per_kwh, 'GFLOP/kWh')],
      ['Precision', perf.precision || null],
      ['Energy basis', perf.energy_basis || null],
    ]));
}

// Horizontal bars as HTML: readable by screen readers, values printed beside each bar.
export function bars(title, id, rows, format) {
  const max = Math.max(0, ...rows.map((r) => r.value || 0));
  return h('section.card', { 'aria-labelledby': id },
    h('h2', { id }, title),
    h('table.bars', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Energy'), h('th', { scope: 'col' }, 'Share'))),
      h('tbody', null, rows.map((r) => {
        const bar = h('div.bar');
        bar.style.width = `${max > 0 ? (100 * (r.value || 0)) / max : 0}%`; // CSSOM, allowed by the CSP
        return h('tr', { 'data-name': r.name }, h('th', { scope: 'row' }, r.name), h('td.num', null, format(r.value)), h('td.bar-cell', null, bar));
      }))));
}

function downloadLink(job, series) {
  const a = h('a.button', { href: '#', download: `bench-job-${job.id || job.slurm_job_id || 'job'}.csv`, testid: 'csv-download' }, 'Download figures and timeline (CSV)');
  a.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([toCsv(job, series)], { type: 'text/csv' }));
    a.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  return a;
}

// One plot per idle period: input is never stuck behind more than one plot's drawing.
const later = (fn) => (window.requestIdleCallback ? requestIdleCallback(fn) : setTimeout(fn, 50));

/** Renders the job into root. series may be null (not analysed yet). */
export function renderJob(root, job, series, extra) {
  const title = `Slurm job ${job.slurm_job_id || job.id || ''}${job.cluster ? ` on ${job.cluster}` : ''}`;
  root.append(h('h1', null, title));
  if (extra && extra.before) root.append(extra.before);
  if (job.error) root.append(h('p.error', { testid: 'job-error', role: 'alert' }, `This job failed: ${job.error}`));
  for (const u of (job.uploads || []).filter((x) => x.state === 'failed' && x.error)) {
    root.append(h('p.error', { role: 'alert' }, `Upload ${u.key} failed: ${u.error}`));
  }
  root.append(h('section.card', { 'aria-labelledby': 'sum-h' }, h('h2', { id: 'sum-h' }, 'Summary'), summaryFigures(job),
    job.appliance_description ? h('p.appliance', null, job.appliance_description) : null));
  if (series && (series.nodes || []).length) {
    const power = h('div.chart', { testid: 'power-plot' });
    const energy = h('div.chart', { testid: 'energy-plot' });
    root.append(h('section.card', { 'aria-labelledby': 'pw-h' }, h('h2', { id: 'pw-h' }, 'Power per node'), power));
    root.append(h('section.card', { 'aria-labelledby': 'en-h' }, h('h2', { id: 'en-h' }, 'Cumulative energy per node'), energy));
    powerPlot(power, job, series);
    const cost = h('div.chart', { testid: 'cost-plot' });
    const costSection = h('section.card', { 'aria-labelledby': 'co-h' }, h('h2', { id: 'co-h' }, 'Cost and price over time'), cost);
    const priced = (series.nodes || []).some((n) => n.cost_eur || n.price_eur_per_mwh);
    if (priced) root.append(costSection);
    // The plots below the first are drawn after the page is interactive: a 64-node day is ~50k points each.
    later(() => energyPlot(energy, series));
    if (priced) later(() => costPlot(cost, series));
  } else if (job.energy_to_solution_j != null || job.state) {
    root.append(h('p.note', null, 'No power series for this job yet.'));
  }
  const perNode = (job.per_node || []).map((n) => ({ name: n.node, value: n.energy_j }));
  if (perNode.length) root.append(bars('Energy by node', 'bn-h', perNode, fmt.energy));
  const perStep = (job.per_step || []).map((s) => ({ name: `step ${s.step}`, value: s.energy_j }));
  if (perStep.length) {
    const b = bars('Energy by step', 'bs-h', perStep, fmt.energy);
    b.append(h('p.note', null, 'Steps overlap (the batch step shares its node with step 0), so step energies do not add up to the job\'s.'));
    root.append(b);
  }
  const perf = perfFigures(job.perf);
  if (perf) root.append(perf);
  if ((job.warnings || []).length) {
    root.append(h('section.card', { 'aria-labelledby': 'wa-h' }, h('h2', { id: 'wa-h' }, 'Warnings'),
      h('ul.warnings', null, job.warnings.map((w) => h('li', null, w)))));
  }
  root.append(h('p', null, downloadLink(job, series)));
}
