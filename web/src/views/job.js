// A job from the API: figures, then the per-node series (downsampled by the server).
import { h, clear } from '../dom.js';
import { api, jobPath } from '../api.js';
import { renderJob } from '../jobview.js';

export const SERIES_POINTS = 1000;
// The server stores 50,000/nodes points per node (200 to 2,000) with the job: asking no more keeps a large
// job's page off its timeline table (docs/api.md, GET /jobs/{id}/series).
const seriesPoints = (nodes) => Math.min(SERIES_POINTS, Math.max(200, Math.floor(50000 / Math.max(1, nodes || 1))));
const POLL_MS = 5000;

export function jobView(root, ctx, id) {
  let timer = null;
  let shown = null;
  async function load() {
    try {
      const job = await api(jobPath(id));
      if (job.updated_at !== shown) {
        shown = job.updated_at;
        const series = job.energy_to_solution_j != null ? await api(`${jobPath(id)}/series?points=${seriesPoints(job.nodes)}`).catch((e) => {
          if (e.status === 404 || e.status === 409) return null; // not analysed yet
          throw e;
        }) : null;
        clear(root);
        const back = h('p', null, h('a', { href: '#/jobs' }, '← All jobs'),
          job.benchmark ? [' · ', h('a', { href: `#/benchmarks/${encodeURIComponent(job.benchmark)}` }, `Runs of ${job.benchmark}`)] : null);
        renderJob(root, job, series, { before: back });
        if (!job.complete && job.state !== 'failed') root.append(h('p.note', { role: 'status' }, 'Still receiving files: figures may change; this page updates itself.'));
      }
      if (!job.complete && job.state !== 'failed' && !ctx.disposed()) timer = setTimeout(load, POLL_MS);
    } catch (e) {
      ctx.handle(e);
    }
  }
  root.append(h('p.note', { role: 'status' }, 'Loading…'));
  load();
  return () => clearTimeout(timer);
}
