import { h } from '../dom.js';
import { login } from '../api.js';

export function loginView(root, ctx) {
  const user = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, testid: 'login-username' });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, testid: 'login-password' });
  const submit = h('button', { type: 'submit', testid: 'login-submit' }, 'Log in');
  const form = h('form.card.login', { testid: 'login-form', 'aria-labelledby': 'login-h' },
    h('h1', { id: 'login-h' }, 'Log in to Bench'),
    ctx.message ? h('p.note', { role: 'status' }, ctx.message) : null,
    h('label', { for: 'login-username' }, 'Username'), user,
    h('label', { for: 'login-password' }, 'Password'), pass,
    submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    try {
      await login(user.value.trim(), pass.value);
      ctx.go(ctx.after || '#/jobs');
    } catch (e) {
      ctx.showError(e.message);
    } finally {
      submit.disabled = false;
    }
  });
  root.append(form);
  user.focus();
}
