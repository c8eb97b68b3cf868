// The dashboard: a hash-routed single page (#/jobs, #/jobs/<id>, #/benchmarks[/<name>], #/uploads, #/login).
import './style.css';
import { h, clear } from './dom.js';
import { session, logout, SessionExpired } from './api.js';
import { loginView } from './views/login.js';
import { jobsView } from './views/jobs.js';
import { jobView } from './views/job.js';
import { benchmarksView, benchmarkView } from './views/benchmarks.js';
import { uploadsView } from './views/uploads.js';

const banner = h('div.error-banner', { testid: 'error-banner', role: 'alert', hidden: true });
const main = h('main', { id: 'main', tabindex: '-1' });
const nav = h('nav', { 'aria-label': 'Main' },
  h('a', { href: '#/jobs', testid: 'nav-jobs' }, 'Jobs'),
  h('a', { href: '#/benchmarks', testid: 'nav-benchmarks' }, 'Benchmarks'),
  h('a', { href: '#/uploads', testid: 'nav-uploads' }, 'Uploads'),
  h('button', { type: 'button', testid: 'logout', onclick: () => { logout(); go('#/login'); } }, 'Log out'));

let dispose = null;
let generation = 0;

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function showError(text) {
  banner.textContent = text;
  banner.hidden = false;
}

function clearError() {
  banner.hidden = true;
  banner.textContent = '';
}

function route() {
  if (dispose) dispose();
  dispose = null;
  const mine = ++generation;
  const path = (location.hash || '#/jobs').slice(1);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  clearError();
  clear(main);
  const ctx = {
    go,
    showError,
    clearError,
    disposed: () => mine !== generation,
    // Shows an error plainly; an expired session goes back to login. Returns false when the page should stop.
    handle: (e) => {
      if (mine !== generation) return false;
      if (e instanceof SessionExpired) {
        route.message = e.message;
        route.after = location.hash;
        go('#/login');
        return false;
      }
      showError(e && e.message ? e.message : String(e));
      return true;
    },
  };
  const loggedIn = session.loggedIn;
  nav.hidden = !loggedIn;
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === `#/${parts[0]}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!loggedIn || parts[0] === 'login') {
    nav.hidden = true;
    if (loggedIn && parts[0] === 'login') return go('#/jobs');
    loginView(main, { ...ctx, message: route.message, after: route.after && route.after !== '#/login' ? route.after : '#/jobs' });
    route.message = null;
    return undefined;
  }
  if (parts[0] === 'jobs' && parts[1]) dispose = jobView(main, ctx, parts.slice(1).join('/'));
  else if (parts[0] === 'benchmarks' && parts[1]) dispose = benchmarkView(main, ctx, parts.slice(1).join('/'));
  else if (parts[0] === 'benchmarks') dispose = benchmarksView(main, ctx);
  else if (parts[0] === 'uploads') dispose = uploadsView(main, ctx);
  else dispose = jobsView(main, ctx);
  document.title = `Bench · ${parts[0] || 'jobs'}`;
  return undefined;
}

document.body.append(
  h('a.skip', { href: '#main', onclick: (e) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
  h('header', null, h('span.brand', null, 'Bench'), nav),
  banner, main);
window.addEventListener('hashchange', route);
route();
