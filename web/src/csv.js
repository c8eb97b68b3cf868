// The job's figures and its downsampled timeline as one CSV file (RFC 4180 quoting).
const FIGURES = [
  ['energy_to_solution_j', 'J'], ['time_to_solution_s', 's'], ['average_power_w', 'W'], ['peak_power_w', 'W'],
  ['peak_power_time_s', 's'], ['energy_delay_product', 'J*s'], ['cost_eur', 'EUR'], ['co2_g', 'g'], ['nodes', ''],
  ['start_time', ''], ['end_time', ''], ['benchmark', ''], ['state', ''],
];

const cell = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells) => cells.map(cell).join(',');

export function toCsv(job, series) {
  const out = [line(['figure', 'value', 'unit'])];
  for (const [key, unit] of FIGURES) if (job[key] !== undefined) out.push(line([key, job[key], unit]));
  for (const n of job.per_node || []) out.push(line([`energy_j[node=${n.node}]`, n.energy_j, 'J']));
  for (const s of job.per_step || []) out.push(line([`energy_j[step=${s.step}]`, s.energy_j, 'J']));
  if (job.perf) for (const [k, v] of Object.entries(job.perf)) out.push(line([`perf.${k}`, v, '']));
  out.push('');
  out.push(line(['node', 'elapsed_s', 'power_w', 'peak_power_w', 'energy_j']));
  for (const n of (series && series.nodes) || []) {
    n.elapsed_s.forEach((e, i) => out.push(line([n.node, e, n.power_w[i], n.peak_power_w ? n.peak_power_w[i] : '', n.energy_j[i]])));
  }
  return out.join('\r\n') + '\r\n';
}
