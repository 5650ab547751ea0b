/// <reference lib="dom" />
// Entry of the dashboard: the top bar with the token field and a hash router between the
// campaign list (#/) and one campaign live (#/campaigns/ID).
import { h, replaceChildren } from './dom.js';
import { readToken, saveToken } from './token.js';
import { listView, type View } from './views/list-view.js';
import { liveView } from './views/live-view.js';

function tokenControl(): HTMLElement {
  const input = h('input', { type: 'password', placeholder: 'API token', 'aria-label': 'API token', autocomplete: 'off', 'data-testid': 'token-input' });
  input.value = readToken() ?? '';
  const state = h('span', { class: 'muted small' }, readToken() ? 'token set' : '');
  const form = h('form', { class: 'token' }, h('input', { type: 'text', name: 'username', value: 'sdfl', autocomplete: 'username', hidden: true }), input, h('button', { type: 'submit', class: 'secondary' }, 'Use token'), state);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveToken(input.value);
    state.textContent = readToken() ? 'token set' : 'no token';
    route();
  });
  return form;
}

const content = h('div', { id: 'content' });
let current: View | null = null;

function route(): void {
  current?.dispose();
  const match = /^#\/campaigns\/(.+)$/.exec(location.hash);
  current = match ? liveView(decodeURIComponent(match[1])) : listView();
  replaceChildren(content, current.element);
  window.scrollTo(0, 0);
}

const app = document.getElementById('app');
if (app) {
  replaceChildren(app,
    h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '#/' }, 'sdfl', h('span', { class: 'muted' }, ' self-driving fluidic lab')), tokenControl()),
    content,
  );
  window.addEventListener('hashchange', route);
  route();
}
