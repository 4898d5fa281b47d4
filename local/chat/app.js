// The chat page: two phones and what happens behind them (behind.js: the clock, orders and servers, runs,
// panel). State arrives as whole snapshots over SSE (/api/events); messages go out through /api/send, which
// signs them on the server and posts them to the real webhook. Every string from the system is inserted as
// text or through formatWhatsApp (escaped).

import { renderClock, renderExecutions, renderOrders, renderPanel, wireClock } from './behind.js';
import { $, el, hhmm } from './dom.js';
import { formatWhatsApp } from './format.js';

/** @typedef {'customer' | 'admin'} Phone */

/** @type {Record<Phone, Set<string>>} ids of the messages already on each phone */
const shown = { customer: new Set(), admin: new Set() };
/** @type {any} the last snapshot */
let state = null;

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

/** A photo or PDF from a phone, as WhatsApp sends one (the typed text is its caption). @param {Phone} as @param {File} file @param {string} caption */
async function sendFile(as, file, caption) {
  const query = new URLSearchParams({ as, filename: file.name, ...(caption ? { caption } : {}) });
  try {
    const res = await fetch(`/api/send-file?${query}`, {
      method: 'POST',
      headers: { 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error ?? `HTTP ${res.status}`);
  } catch (e) {
    const chat = $('.chat', phoneEl(as));
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
  const attach = root.querySelector('.attach');
  const picker = /** @type {HTMLInputElement | null} */ (root.querySelector('input[type="file"]'));
  if (attach && picker) {
    attach.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      const file = picker.files?.[0];
      if (!file) return;
      const caption = input.value.trim();
      input.value = '';
      picker.value = '';
      void sendFile(phone, file, caption);
    });
  }
  for (const b of root.querySelectorAll('.quick button')) {
    b.addEventListener('click', () => void send(phone, { text: /** @type {HTMLElement} */ (b).dataset.say ?? '' }));
  }
  $('.sheet-close', root).addEventListener('click', () => closeSheet(phone));
  $('.sheet', root).addEventListener('click', (ev) => {
    if (ev.target === ev.currentTarget) closeSheet(phone);
  });
}

// ---------------------------------------------------------------- the customer's language

/** The quick buttons in each language's own words (the commands every language understands). */
const QUICK = {
  en: ['hi', '!packages', '!my-orders', '!help'],
  id: ['halo', '!paket', '!pesanan-saya', '!bantuan'],
  'pt-BR': ['oi', '!pacotes', '!meus-pedidos', '!ajuda'],
};

/** Switches the customer's phone: `!language` through the real webhook (kept on the customer), and the quick words. @param {string} lang */
function useLanguage(lang) {
  const words = QUICK[/** @type {keyof typeof QUICK} */ (lang)] ?? QUICK.en;
  const buttons = phoneEl('customer').querySelectorAll('.quick button');
  buttons.forEach((b, i) => {
    const say = words[i];
    if (!say) return;
    /** @type {HTMLElement} */ (b).dataset.say = say;
    b.textContent = say;
  });
  void send('customer', { text: `!language ${lang}` });
}

const langPick = /** @type {HTMLSelectElement} */ ($('.lang', phoneEl('customer')));
langPick.addEventListener('change', () => useLanguage(langPick.value));

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

/** A photo (shown) or a document (a link that opens it), from the fake Graph API's files. @param {any} media */
function mediaEl(media) {
  const src = `/api/media/${encodeURIComponent(media.id)}`;
  if (media.type === 'image') {
    const img = el('img', { class: 'media-img', src, alt: 'photo', 'data-media-id': media.id });
    img.addEventListener('error', () =>
      img.replaceWith(el('div', { class: 'muted', text: '📷 photo (no longer available)' })),
    );
    return img;
  }
  const name = media.filename ?? 'document';
  return el('a', {
    class: 'media-doc',
    href: src,
    target: '_blank',
    rel: 'noopener',
    'data-media-id': media.id,
    text: `📄 ${name}`,
  });
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
  } else if (c.kind === 'media') {
    bubble.append(mediaEl(c.media));
    if (c.caption) bubble.append(formatted(c.caption));
  } else if (c.kind === 'buttons' || c.kind === 'list') {
    if (c.media) bubble.append(mediaEl(c.media));
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
  } else if (c.kind === 'cta') {
    if (c.header) bubble.append(el('div', { class: 'header', text: c.header }));
    bubble.append(formatted(c.body));
    if (c.footer) bubble.append(el('div', { class: 'footer', text: c.footer }));
    // The payment page opens in a new tab, as WhatsApp opens it in the phone's browser.
    const link = el('a', {
      class: 'reply-btn cta-btn',
      href: c.button.url,
      target: '_blank',
      rel: 'noopener',
      text: `↗ ${c.button.title}`,
    });
    wrap.append(link);
  } else if (c.kind === 'template') {
    bubble.classList.add('template');
    bubble.append(el('div', { class: 'template-tag', text: `Template · ${c.name} (${c.language})` }));
    if (c.media) bubble.append(mediaEl(c.media));
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
wireClock();

function render() {
  if (!state?.ready) return;
  renderPhone('customer');
  renderPhone('admin');
  renderClock(state);
  renderFaults();
  renderOrders(state);
  renderExecutions(state);
  renderPanel(state);
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
