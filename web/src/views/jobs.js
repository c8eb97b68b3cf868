// The caller's Slurm jobs, newest first; polls GET /jobs?since= and merges what changed.
import { h, clear } from '../dom.js';
import { api, jobPath } from '../api.js';
import * as fmt from '../format.js';
import { jobStateText } from '../jobview.js';

const POLL_MS = 4000;

export const jobHref = (id) => `#/jobs/${encodeURIComponent(id)}`;

// A click anywhere on a row opens it (the id cell's link is the keyboard way in).
export function openOnClick(href) {
  return (ev) => { if (!ev.target.closest('a, button')) location.hash = href; };
}

function row(job) {
  return h('tr.clickable', { testid: 'job-row', 'data-job-id': job.id, 'data-state': job.state, 'data-complete': String(!!job.complete), onclick: openOnClick(jobHref(job.id)) },
    h('th', { scope: 'row' }, h('a', { href: jobHref(job.id) }, job.id)),
    h('td', null, job.benchmark || '–'),
    h('td', null, h('span.state', { 'data-state': job.state }, jobStateText(job)),
      job.error ? h('div.reason', null, job.error) : null,
      job.uploads_failed ? h('div.reason', null, `${job.uploads_failed} upload(s) failed`) : null),
    h('td.num', null, job.nodes ?? '–'),
    h('td.num', { testid: 'job-energy', 'data-value': job.energy_to_solution_j ?? '' }, fmt.energy(job.energy_to_solution_j)),
    h('td.num', null, fmt.eur(job.cost_eur)),
    h('td.num', null, fmt.grams(job.co2_g)),
    h('td', null, fmt.when(job.updated_at)));
}

export function jobsView(root, ctx) {
  const jobs = new Map();
  let since = null;
  let cursor = null;
  let timer = null;
  const body = h('tbody');
  const status = h('p.note', { role: 'status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', hidden: true, onclick: () => page() }, 'Older jobs');
  const table = h('table.jobs', { testid: 'jobs-table' },
    h('caption', null, 'Your Slurm jobs, most recently updated first'),
    h('thead', null, h('tr', null, ['Job', 'Benchmark', 'State', 'Nodes', 'Energy', 'Cost', 'CO₂', 'Updated'].map((c) => h('th', { scope: 'col' }, c)))),
    body);
  root.append(h('h1', null, 'Jobs'), status, table, more);

  const draw = () => {
    clear(body);
    const sorted = [...jobs.values()].sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)));
    for (const j of sorted) body.append(row(j));
    status.textContent = sorted.length ? `${sorted.length} job(s); updates every few seconds.` : 'No jobs yet: upload profiles on the Uploads page.';
  };

  async function page() {
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const res = await api(`/jobs${q}`);
    for (const j of res.jobs) jobs.set(j.id, j);
    cursor = res.next_cursor;
    if (since === null) since = res.next_since;
    more.hidden = !cursor;
    draw();
  }

  async function poll() {
    try {
      const res = await api(`/jobs?since=${encodeURIComponent(since)}`);
      for (const j of res.jobs) jobs.set(j.id, j); // oldest change first: later ones win
      for (const d of res.deleted || []) jobs.delete(d.id);
      since = res.next_since;
      if (res.jobs.length || (res.deleted || []).length) draw();
      ctx.clearError();
    } catch (e) {
      if (!ctx.handle(e)) return;
    }
    if (!ctx.disposed()) timer = setTimeout(poll, POLL_MS);
  }

  page().then(() => { timer = setTimeout(poll, POLL_MS); }, ctx.handle);
  return () => clearTimeout(timer);
}

export { jobPath };
