// The local report: the job page with its data embedded in the file (<script type="application/json" id="bench-job">).
import './style.css';
import { h } from './dom.js';
import { renderJob } from './jobview.js';

const data = JSON.parse(document.getElementById('bench-job').textContent);
const main = h('main', { id: 'main' });
document.body.append(h('header', null, h('span.brand', null, 'Bench report'),
  h('span.generated', null, `analyze --report, pipeline ${data.job.pipeline_version || ''}, written ${data.generated_at || ''}`)), main);
renderJob(main, data.job, data.series);
// Ready once the first frame with the figures and the power plot is painted (scripts/bench-ui.sh reads readyMs).
requestAnimationFrame(() => setTimeout(() => {
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
}, 0));
