// The JSON API with the user's bearer token: log in, refresh once on 401, back to login when that fails.
const ACCESS = 'bench.access';
const REFRESH = 'bench.refresh';

export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

// Raised when the session is gone (refresh refused): the router shows the login page.
export class SessionExpired extends ApiError {}

export const session = {
  get access() { return localStorage.getItem(ACCESS); },
  get refresh() { return localStorage.getItem(REFRESH); },
  get loggedIn() { return !!localStorage.getItem(ACCESS); },
  save(pair) {
    localStorage.setItem(ACCESS, pair.access);
    localStorage.setItem(REFRESH, pair.refresh);
  },
  clear() {
    localStorage.removeItem(ACCESS);
    localStorage.removeItem(REFRESH);
  },
};

async function problemOf(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const text = body && (body.detail || body.title) ? [body.title, body.detail].filter(Boolean).join(': ') : `${res.status} ${res.statusText}`;
  return new ApiError(res.status, text, body);
}

export async function login(username, password) {
  const res = await fetch('/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw res.status === 401 ? new ApiError(401, 'Wrong username or password.') : await problemOf(res);
  session.save(await res.json());
}

export function logout() {
  session.clear();
}

// One refresh at a time: refresh tokens rotate, and a second concurrent use counts as reuse.
let refreshing = null;
async function refreshOnce() {
  const rid = session.refresh;
  if (!rid) return false;
  const res = await fetch(`/auth/refresh?rid=${encodeURIComponent(rid)}`, { method: 'POST', headers: { Accept: 'application/json' } });
  if (!res.ok) return false;
  session.save(await res.json());
  return true;
}

async function send(path, init) {
  const headers = { Accept: 'application/json', ...(init && init.headers), Authorization: `Bearer ${session.access}` };
  return fetch(path, { ...init, headers });
}

// GET/POST an API path as the logged-in user; returns parsed JSON (null for 204).
export async function api(path, init) {
  if (!session.access) throw new SessionExpired(401, 'Please log in.');
  let res = await send(path, init);
  if (res.status === 401) {
    refreshing = refreshing || refreshOnce().finally(() => { refreshing = null; });
    if (!(await refreshing)) {
      session.clear();
      throw new SessionExpired(401, 'Your session expired: please log in again.');
    }
    res = await send(path, init);
    if (res.status === 401) {
      session.clear();
      throw new SessionExpired(401, 'Your session expired: please log in again.');
    }
  }
  if (!res.ok) throw await problemOf(res);
  return res.status === 204 ? null : res.json();
}

export const jobPath = (id) => `/jobs/${encodeURIComponent(id)}`;
