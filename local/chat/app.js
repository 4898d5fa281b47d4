// The chat page: two phones and what happens behind them. State arrives as whole snapshots over SSE
// (/api/events); messages go out through /api/send, which signs them on the server and posts them to the
// real webhook. Every string from the system is inserted as text or through formatWhatsApp (escaped).

import { formatWhatsApp } from './format.js';

/** @typedef {'customer' | 'admin'} Phone */

/** @type {Record<Phone, Set<string>>} ids of the messages already on each phone */
const shown = { customer: new Set(), admin: new Set() };
/** @type {any} the last snapshot */
let state = null;

const $ = (/** @type {string} */ sel, /** @type {ParentNode} */ root = document) =>
  /** @type {HTMLElement} */ (root.querySelector(sel));

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {Array<Node | string>} [children]
 */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'html')
      node.innerHTML = v; // only ever given formatWhatsApp/escapeHtml output
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
/** @param {string} iso */
const hhmm = (iso) => {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
/** @param {string} iso */
const hhmmss = (iso) => {
  const d = new Date(iso);
  return `${hhmm(iso)}:${pad(d.getSeconds())}`;
};
/** @param {string} from @param {string} to */
const seconds = (from, to) => `${((new Date(to).getTime() - new Date(from).getTime()) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------- sending

/** @param {Phone} as @param {{ text?: string, reply?: { id: string, title: string, kind: string } }} what */
async function send(as, what) {
  const phone = phoneEl(as);
  try {
    const res = await fetch('/api/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as, ...what }),
    });
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error ?? `HTTP ${res.status}`);
  } catch (e) {
    const chat = $('.chat', phone);
    chat.append(el('div', { class: 'send-error', text: `Not sent: ${e instanceof Error ? e.message : e}` }));
    chat.scrollTop = chat.scrollHeight;
  }
}

/** @param {Phone} phone */
const phoneEl = (phone) => $(`.phone[data-phone="${phone}"]`);

for (const phone of /** @type {Phone[]} */ (['customer', 'admin'])) {
  const root = phoneEl(phone);
  const form = /** @type {HTMLFormElement} */ ($('.composer', root));
  const input = /** @type {HTMLInputElement} */ ($('input', form));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void send(phone, { text });
  });
  for (const b of root.querySelectorAll('.quick button')) {
    b.addEventListener('click', () => void send(phone, { text: /** @type {HTMLElement} */ (b).dataset.say ?? '' }));
  }
  $('.sheet-close', root).addEventListener('click', () => closeSheet(phone));
  $('.sheet', root).addEventListener('click', (ev) => {
    if (ev.target === ev.currentTarget) closeSheet(phone);
  });
}

// ---------------------------------------------------------------- phones

/** @param {Phone} phone @param {any} content */
function openSheet(phone, content) {
  const root = phoneEl(phone);
  const body = $('.sheet-body', root);
  body.replaceChildren();
  $('.sheet-title', root).textContent = content.button;
  for (const section of content.sections) {
    if (section.title) body.append(el('div', { class: 'sheet-section', text: section.title }));
    for (const row of section.rows) {
      const b = el('button', { type: 'button', class: 'row-btn', 'data-row-id': row.id }, [
        el('span', { class: 'row-title', text: row.title }),
        ...(row.description ? [el('span', { class: 'row-desc', text: row.description })] : []),
      ]);
      b.addEventListener('click', () => {
        closeSheet(phone);
        void send(phone, { reply: { id: row.id, title: row.title, kind: 'list_reply' } });
      });
      body.append(b);
    }
  }
  $('.sheet', root).hidden = false;
}

/** @param {Phone} phone */
function closeSheet(phone) {
  $('.sheet', phoneEl(phone)).hidden = true;
}

/** @param {Phone} phone @param {any} m */
function renderMessage(phone, m) {
  const c = m.content;
  const wrap = el('div', { class: `msg ${m.direction}`, 'data-kind': c.kind, 'data-id': m.id });
  const bubble = el('div', { class: 'bubble' });
  wrap.append(bubble);
  const formatted = (/** @type {string} */ text) => el('div', { class: 'text', html: formatWhatsApp(text) });

  if (c.kind === 'text') bubble.append(formatted(c.body));
  else if (c.kind === 'reply') {
    bubble.append(el('div', { class: 'tapped', text: c.replyKind === 'list_reply' ? '☰ chose' : '↩ tapped' }));
    bubble.append(el('div', { class: 'text', text: c.title }));
  } else if (c.kind === 'buttons' || c.kind === 'list') {
    if (c.header) bubble.append(el('div', { class: 'header', text: c.header }));
    bubble.append(formatted(c.body));
    if (c.footer) bubble.append(el('div', { class: 'footer', text: c.footer }));
    if (c.kind === 'buttons') {
      for (const b of c.buttons) {
        const btn = el('button', { type: 'button', class: 'reply-btn', 'data-reply-id': b.id, text: b.title });
        btn.addEventListener(
          'click',
          () => void send(phone, { reply: { id: b.id, title: b.title, kind: 'button_reply' } }),
        );
        wrap.append(btn);
      }
    } else {
      const btn = el('button', { type: 'button', class: 'list-btn', text: `☰ ${c.button}` });
      btn.addEventListener('click', () => openSheet(phone, c));
      wrap.append(btn);
    }
  } else if (c.kind === 'template') {
    bubble.classList.add('template');
    bubble.append(el('div', { class: 'template-tag', text: `Template · ${c.name} (${c.language})` }));
    const list = el('ol', { class: 'template-params' });
    for (const p of c.params) list.append(el('li', { html: formatWhatsApp(p) }));
    bubble.append(c.params.length ? list : el('div', { class: 'muted', text: '(no parameters)' }));
    for (const payload of c.quickReplies) {
      wrap.append(el('button', { type: 'button', class: 'reply-btn', disabled: '', text: `Quick reply: ${payload}` }));
    }
  } else {
    bubble.append(el('div', { class: 'muted', text: `(${c.type} message)` }));
  }
  bubble.append(el('span', { class: 'time', text: hhmm(m.at) }));
  return wrap;
}

/** @param {Phone} phone */
function renderPhone(phone) {
  const root = phoneEl(phone);
  const { waId } = state.phones[phone];
  $('.wa-id', root).textContent = `+${waId}`;
  const chat = $('.chat', root);
  const messages = state.conversations[waId] ?? [];
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 60;
  let added = false;
  for (const m of messages) {
    if (shown[phone].has(m.id)) continue;
    shown[phone].add(m.id);
    chat.append(renderMessage(phone, m));
    added = true;
  }
  if (added && (atBottom || messages.length < 4)) chat.scrollTop = chat.scrollHeight;
}

// ---------------------------------------------------------------- behind the scenes

function renderFaults() {
  const panel = state.panel;
  const card = $('[data-testid="faults"]');
  const fake = panel?.kind === 'fake';
  $('.real-panel', card).hidden = fake;
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (card.querySelectorAll('input[data-fault]'))) {
    input.disabled = !fake;
    const on = Boolean(fake && panel.faults[input.dataset.fault ?? '']);
    input.checked = on;
    input.closest('label')?.classList.toggle('on', on);
  }
}

async function setFault(/** @type {object} */ body) {
  const res = await fetch('/api/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.ok && state?.panel) {
    state.panel.faults = (await res.json()).faults;
    renderFaults();
  }
}

for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[data-fault]'))) {
  input.addEventListener('change', () => void setFault({ fault: input.dataset.fault, on: input.checked }));
}
$('.clear-faults').addEventListener('click', () => void setFault({ clear: true }));

/** @param {string} waId */
function who(waId) {
  if (waId === state.phones.customer.waId) return 'customer';
  if (waId === state.phones.admin.waId) return 'admin';
  if (waId === 'state-machine') return 'state machine';
  return `+${waId}`;
}

function renderOrders() {
  const box = $('.orders');
  if (state.orders.length === 0) return;
  box.replaceChildren();
  for (const o of state.orders.slice(0, 8)) {
    const card = el('div', { class: 'order', 'data-order-id': o.id, 'data-status': o.status });
    card.append(
      el('div', { class: 'order-head' }, [
        el('span', { class: 'order-id', text: o.id }),
        el('span', { class: `badge ${o.status}`, 'data-testid': 'order-status', text: o.status }),
      ]),
      el('div', {
        class: 'order-sub',
        text: `${o.packageName}${o.price ? ` · ${o.price}` : ''} · ${o.customerName ?? ''} +${o.customerId} · attempts ${o.attempts}`,
      }),
    );
    if (o.lastError) {
      card.append(
        el('div', {
          class: 'order-error',
          text: `⚠ last failure at ${o.lastError.step ?? '?'}: ${o.lastError.code ?? ''} ${o.lastError.message ?? ''}`,
        }),
      );
    }
    const history = el('ul', { class: 'history' });
    for (const h of o.history) {
      history.append(
        el('li', {}, [
          el('span', { class: 'at', text: hhmmss(h.at) }),
          el('span', {
            text: `${h.from ? `${h.from} → ` : ''}${h.to} · ${h.event.toLowerCase().replaceAll('_', ' ')} by ${who(h.by)}${h.attempt ? ` (attempt ${h.attempt})` : ''}`,
          }),
        ]),
      );
    }
    card.append(history);
    box.append(card);
  }
}

/**
 * The events of a run as steps: one row per state (a loop such as the install poll counts up on its row),
 * marked ok, running, retried, failed or caught.
 * @param {any} e
 */
function stepsOf(e) {
  /** @type {any[]} */
  const rows = [];
  /** @type {Map<string, any>} */
  const byState = new Map();
  for (const ev of e.events) {
    const row = ev.state ? byState.get(ev.state) : undefined;
    switch (ev.type) {
      case 'StateEntered':
        if (row) {
          row.times += 1;
          row.status = 'running';
          row.lastAt = ev.at;
        } else {
          const r = { name: ev.state, at: ev.at, lastAt: ev.at, status: 'running', times: 1, retries: 0, detail: '' };
          rows.push(r);
          byState.set(ev.state, r);
        }
        break;
      case 'StateExited':
        if (row) {
          row.status = row.status === 'caught' ? 'caught' : 'ok';
          row.endAt = ev.at;
        }
        break;
      case 'StateRetried':
        if (row) {
          row.retries = Math.max(row.retries, ev.retry ?? row.retries + 1);
          row.status = 'running';
        }
        break;
      case 'StateFailed':
        if (row) {
          row.status = 'failed';
          row.detail = `${ev.error ?? ''}${ev.cause ? `: ${ev.cause.slice(0, 160)}` : ''}`;
          row.endAt = ev.at;
        }
        break;
      case 'StateCaught':
        if (row) {
          row.status = 'caught';
          row.endAt = ev.at;
        }
        break;
      case 'ExecutionRedriven':
        rows.push({ name: `redriven from ${ev.state}`, at: ev.at, status: 'info', times: 1, retries: 0, detail: '' });
        break;
    }
  }
  return rows;
}

const ICONS = { ok: '✓', running: '…', failed: '✗', caught: '⤷', info: '↻' };

function renderExecutions() {
  const box = $('.executions');
  if (state.executions.length === 0) return;
  box.replaceChildren();
  for (const e of state.executions.slice(0, 6)) {
    const card = el('div', { class: 'execution', 'data-execution': e.name, 'data-status': e.status });
    card.append(
      el('div', { class: 'execution-head' }, [
        el('span', { class: 'order-id', text: e.name }),
        el('span', { class: `badge ${e.status}`, text: e.status }),
      ]),
    );
    const steps = el('ul', { class: 'steps' });
    for (const s of stepsOf(e)) {
      const extra = [
        s.times > 1 ? `×${s.times}` : '',
        s.retries ? `retried ${s.retries}×` : '',
        s.status === 'caught' ? 'caught → rollback' : '',
        s.endAt ? seconds(s.at, s.endAt) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      steps.append(
        el('li', { class: s.status, 'data-step': s.name }, [
          el('span', { class: 'at', text: `+${seconds(e.startedAt, s.at)}` }),
          el('span', { class: 'icon', text: /** @type {any} */ (ICONS)[s.status] ?? '•' }),
          el('span', { class: 'name', text: s.name }),
          el('span', { class: 'detail', text: [extra, s.detail].filter(Boolean).join(' · ') }),
        ]),
      );
    }
    card.append(steps);
    if (e.endedAt) {
      card.append(
        el('div', { class: 'order-sub', text: `${e.status.toLowerCase()} after ${seconds(e.startedAt, e.endedAt)}` }),
      );
    }
    box.append(card);
  }
}

function renderPanel() {
  const panel = state.panel;
  const box = $('.panel-state');
  box.replaceChildren();
  if (!panel) return;
  $('.panel-url').textContent = `${panel.kind === 'fake' ? 'fake' : 'real'} · ${panel.url}`;
  if (panel.kind !== 'fake') {
    box.append(el('p', { class: 'muted empty', text: 'A real panel: see its own admin area.' }));
    return;
  }
  const users = new Map(panel.users.map((/** @type {any} */ u) => [u.id, u]));
  const table = (/** @type {string} */ caption, /** @type {string[]} */ head, /** @type {Node[][]} */ rows) =>
    el('table', {}, [
      el('caption', { text: caption }),
      el('thead', {}, [
        el(
          'tr',
          {},
          head.map((h) => el('th', { text: h })),
        ),
      ]),
      el(
        'tbody',
        {},
        rows.length
          ? rows.map((r) =>
              el(
                'tr',
                {},
                r.map((c) => el('td', {}, [c])),
              ),
            )
          : [el('tr', {}, [el('td', { colspan: String(head.length), class: 'muted', text: 'none' })])],
      ),
    ]);
  box.append(
    table(
      `Users (${panel.users.length})`,
      ['id', 'username', 'e-mail'],
      panel.users.map((/** @type {any} */ u) => [
        document.createTextNode(String(u.id)),
        document.createTextNode(`${u.username}${u.rootAdmin ? ' (root admin)' : ''}`),
        document.createTextNode(u.email),
      ]),
    ),
    table(
      `Servers (${panel.servers.length})`,
      ['id', 'name', 'owner', 'status', 'size'],
      panel.servers.map((/** @type {any} */ s) => [
        document.createTextNode(String(s.id)),
        el('span', { 'data-server-name': s.name, text: `${s.name}${s.address ? ` · ${s.address}` : ''}` }),
        document.createTextNode(users.get(s.userId)?.username ?? String(s.userId)),
        el('span', { class: `badge ${s.status}`, text: s.status }),
        document.createTextNode(
          `${Math.round(s.memory / 1024)} GB · ${s.cpu ? `${s.cpu / 100} vCPU` : 'any CPU'} · ${Math.round(s.disk / 1024)} GB`,
        ),
      ]),
    ),
  );
}

function render() {
  if (!state?.ready) return;
  renderPhone('customer');
  renderPhone('admin');
  renderFaults();
  renderOrders();
  renderExecutions();
  renderPanel();
  document.body.dataset.ready = 'true';
}

// ---------------------------------------------------------------- live state

function connect() {
  const conn = $('[data-testid="connection"]');
  const label = $('.label', conn);
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    conn.className = 'conn live';
    label.textContent = 'live';
  });
  source.addEventListener('error', () => {
    conn.className = 'conn down';
    label.textContent = 'reconnecting…';
  });
  source.addEventListener('state', (ev) => {
    state = JSON.parse(/** @type {MessageEvent} */ (ev).data);
    render();
  });
}

connect();
