// Drag and drop .h5 / .csv files: presign each, then PUT it to the S3 endpoint with a progress bar.
import { h } from '../dom.js';
import { api } from '../api.js';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

// Why a file is not something Bench analyses, or null. Reads the first bytes only.
export async function notAProfile(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return null;
  if (!name.endsWith('.h5')) return `${file.name} is not a profile: Bench takes Slurm HDF5 profiles (.h5) and LIKWID counter files (.csv).`;
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const ok = head.length === 8 && HDF5_SIGNATURE.every((b, i) => head[i] === b);
  return ok ? null : `${file.name} is not a profile: it ends in .h5 but is not an HDF5 file.`;
}

function put(url, headers, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers || {})) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve()
      : reject(new Error(`the storage refused it (HTTP ${xhr.status}${xhr.responseText ? `: ${xhr.responseText.slice(0, 200)}` : ''})`))));
    xhr.addEventListener('error', () => reject(new Error('the storage could not be reached (network or CORS)')));
    xhr.send(file);
  });
}

export function uploadsView(root, ctx) {
  const input = h('input', { type: 'file', multiple: true, accept: '.h5,.csv', id: 'upload-files' });
  const bench = h('input', { id: 'upload-benchmark', testid: 'upload-benchmark', placeholder: 'e.g. hpl', autocomplete: 'off' });
  const drop = h('div.drop', { testid: 'upload-drop', tabindex: '0', role: 'group', 'aria-labelledby': 'drop-label' },
    h('p', { id: 'drop-label' }, 'Drop .h5 profiles and .csv counter files here, or '),
    h('label.button', { for: 'upload-files' }, 'choose files'), input);
  const list = h('ul.uploads', { 'aria-live': 'polite' });
  root.append(h('h1', null, 'Upload profiles'),
    h('div.card', null, h('label', { for: 'upload-benchmark' }, 'Benchmark name (optional)'), bench, drop, list));

  async function uploadOne(file) {
    const progress = h('progress', { max: '1', value: '0', testid: 'upload-progress', 'aria-label': `${file.name} upload progress` });
    const status = h('span.upload-status', null, 'checking');
    const item = h('li', { testid: 'upload-row', 'data-name': file.name, 'data-state': 'checking' }, h('strong', null, file.name), ' ', progress, ' ', status);
    list.append(item);
    const fail = (text) => {
      item.dataset.state = 'failed';
      status.textContent = text;
      status.className = 'upload-status error';
    };
    const problem = await notAProfile(file);
    if (problem) return fail(problem);
    try {
      item.dataset.state = 'uploading';
      status.textContent = 'uploading';
      const q = new URLSearchParams({ object_name: file.name });
      if (bench.value.trim()) q.set('benchmark_name', bench.value.trim());
      const signed = await api(`/storage/presign/upload?${q}`, { method: 'POST' });
      await put(signed.url, signed.headers, file, (p) => { progress.value = p; });
      progress.value = 1;
      item.dataset.state = 'done';
      status.textContent = `uploaded as ${signed.key}; the Jobs page shows its analysis`;
    } catch (e) {
      if (!ctx.handle(e, true)) return undefined;
      return fail(`${file.name}: upload failed: ${e.message}`);
    }
    return undefined;
  }

  const take = (files) => Promise.all([...files].map(uploadOne));
  input.addEventListener('change', () => { take(input.files); input.value = ''; });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); take(e.dataTransfer.files); });
  drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } });
}
