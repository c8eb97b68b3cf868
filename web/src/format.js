// Number formatting with units; every figure shown carries its unit.
const nf = (digits) => new Intl.NumberFormat('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const f0 = nf(0), f1 = nf(1), f2 = nf(2), f3 = nf(3);

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

function scaled(v, unit, steps) {
  if (!isNum(v)) return '–';
  const a = Math.abs(v);
  for (const [limit, div, prefix] of steps) {
    if (a >= limit) return `${sig(v / div)} ${prefix}${unit}`;
  }
  return `${sig(v)} ${unit}`;
}

const SI = [[1e12, 1e12, 'T'], [1e9, 1e9, 'G'], [1e6, 1e6, 'M'], [1e3, 1e3, 'k']];

const small = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

// Three significant digits, no trailing noise; small values keep theirs (2.17e-5 GFLOP/s per W is not 0).
export function sig(v) {
  const a = Math.abs(v);
  if (a >= 100) return f0.format(v);
  if (a >= 10) return f1.format(v);
  if (a >= 1) return f2.format(v);
  if (a >= 0.001 || a === 0) return f3.format(v);
  return small.format(v);
}

export const energy = (j) => isNum(j) ? `${scaled(j, 'J', SI)} (${sig(j / 3.6e6)} kWh)` : '–';
export const power = (w) => scaled(w, 'W', SI);
export const grams = (g) => (isNum(g) ? (Math.abs(g) >= 1000 ? `${sig(g / 1000)} kg` : `${sig(g)} g`) : '–');
export const eur = (e) => (isNum(e) ? `€${Math.abs(e) < 1 ? f3.format(e) : f2.format(e)}` : '–');
export const plain = (v, unit = '') => (isNum(v) ? `${sig(v)}${unit ? ' ' + unit : ''}` : '–');

export function duration(s) {
  if (!isNum(s)) return '–';
  if (s < 60) return `${sig(s)} s`;
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = Math.round(s % 60);
  return hh > 0 ? `${hh} h ${mm} min` : `${mm} min ${ss} s`;
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

// Axis tick label for elapsed seconds.
export function elapsedTick(s) {
  if (s >= 7200) return `${sig(s / 3600)} h`;
  if (s >= 120) return `${sig(s / 60)} min`;
  return `${sig(s)} s`;
}

// Axis ticks: 2.1M rather than 2,100,000, so labels fit beside the plot.
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });
export const compact = (v) => (isNum(v) ? compactFormat.format(v) : '');
