// Benchmarks, a benchmark's runs over time, and "compare with..." any two runs.
import { h, clear } from '../dom.js';
import { api, jobPath } from '../api.js';
import * as fmt from '../format.js';
import { runsPlot } from '../charts.js';
import { jobHref, openOnClick } from './jobs.js';

export function benchmarksView(root, ctx) {
  const body = h('tbody');
  root.append(h('h1', null, 'Benchmarks'),
    h('table', null, h('caption', null, 'Benchmarks you ran, with their latest run'),
      h('thead', null, h('tr', null, ['Benchmark', 'Runs', 'Latest run', 'Energy', 'Time'].map((c) => h('th', { scope: 'col' }, c)))), body));
  api('/benchmarks').then((res) => {
    for (const b of res.benchmarks) {
      body.append(h('tr.clickable', { testid: 'benchmark-row', 'data-name': b.name, onclick: openOnClick(`#/benchmarks/${encodeURIComponent(b.name)}`) },
        h('th', { scope: 'row' }, h('a', { href: `#/benchmarks/${encodeURIComponent(b.name)}` }, b.name)),
        h('td.num', null, b.runs),
        h('td', null, b.latest ? h('a', { href: jobHref(b.latest.id) }, b.latest.id) : '–'),
        h('td.num', null, fmt.energy(b.latest && b.latest.energy_to_solution_j)),
        h('td.num', null, fmt.duration(b.latest && b.latest.time_to_solution_s))));
    }
    if (!res.benchmarks.length) body.append(h('tr', null, h('td', { colspan: 5 }, 'No benchmark runs yet: give a benchmark name when uploading.')));
  }, ctx.handle);
}

function comparePanel(runs, ctx) {
  const option = (r) => h('option', { value: r.id }, `${r.id} (${fmt.when(r.start_time)})`);
  const a = h('select', { id: 'compare-a', testid: 'compare-a' }, runs.map(option));
  const b = h('select', { id: 'compare-b', testid: 'compare-b' }, runs.map(option));
  if (runs.length > 1) b.value = runs[1].id;
  const out = h('div.compare-out', { 'aria-live': 'polite' });
  const go = h('button', { type: 'submit', testid: 'compare-go' }, 'Compare');
  const form = h('form.card.compare', { 'aria-labelledby': 'cmp-h' }, h('h2', { id: 'cmp-h' }, 'Compare two runs'),
    h('label', { for: 'compare-a' }, 'Run'), a, h('label', { for: 'compare-b' }, 'with'), b, go, out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(out);
    try {
      const res = await api(`${jobPath(a.value)}/compare/${encodeURIComponent(b.value)}`);
      out.append(h('p.sentence', { testid: 'compare-sentence' }, `Run ${res.job.id} ${res.sentence}.`));
      if (res.pipeline_versions_differ) out.append(h('p.note', null, 'The two runs were analysed by different pipeline versions.'));
      const rows = Object.entries(res.deltas || {});
      out.append(h('table', null, h('caption', null, `Run ${res.job.id} minus run ${res.other.id}`),
        h('thead', null, h('tr', null, ['Figure', res.job.id, res.other.id, 'Difference', '%'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, rows.map(([k, d]) => h('tr', null, h('th', { scope: 'row' }, k),
          h('td.num', null, fmt.plain(res.job[k])), h('td.num', null, fmt.plain(res.other[k])),
          h('td.num', null, fmt.plain(d.absolute)), h('td.num', null, d.percent == null ? '–' : `${fmt.sig(d.percent)} %`))))));
    } catch (e) {
      ctx.handle(e);
    }
  });
  return form;
}

export function benchmarkView(root, ctx, name) {
  root.append(h('p', null, h('a', { href: '#/benchmarks' }, '← All benchmarks')), h('h1', null, `Benchmark ${name}`));
  api(`/benchmarks/${encodeURIComponent(name)}/runs?limit=200`).then((res) => {
    const runs = res.runs;
    if (!runs.length) {
      root.append(h('p.note', null, 'No runs.'));
      return;
    }
    const plots = [
      ['energy_to_solution_j', 'Energy (kJ)', 1e-3], ['time_to_solution_s', 'Time to solution (s)', 1],
      ['cost_eur', 'Cost (EUR)', 1], ['gflops_per_w', 'Efficiency (GFLOP/s per W)', 1],
    ];
    const withPerf = runs.map((r) => ({ ...r, gflops_per_w: r.perf ? r.perf.gflops_per_w : null }));
    for (const [key, label, scale] of plots) {
      const holder = h('div.chart');
      const section = h('section.card', null, h('h2', null, label.replace(/ \(.*/, '') + ' per run'), holder);
      root.append(section);
      if (!runsPlot(holder, withPerf, key, label, scale)) section.remove();
    }
    if (runs.length > 1) root.append(comparePanel(runs, ctx));
    root.append(h('table', null, h('caption', null, 'Runs, newest first'),
      h('thead', null, h('tr', null, ['Run', 'Start', 'State', 'Energy', 'Time', 'Cost', 'Efficiency'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, withPerf.map((r) => h('tr', { 'data-job-id': r.id },
        h('th', { scope: 'row' }, h('a', { href: jobHref(r.id) }, r.id)), h('td', null, fmt.when(r.start_time)), h('td', null, r.state),
        h('td.num', null, fmt.energy(r.energy_to_solution_j)), h('td.num', null, fmt.duration(r.time_to_solution_s)),
        h('td.num', null, fmt.eur(r.cost_eur)), h('td.num', null, fmt.plain(r.gflops_per_w, 'GFLOP/s/W')))))));
  }, ctx.handle);
}
