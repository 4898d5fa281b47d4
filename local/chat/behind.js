// Behind the phones: the local clock (the simulation's, movable), the orders with each server's state and
// paid-until date, both state machines' runs as steps, and the panel. Every string from the system goes in
// as text.

import { $, dayTime, el, rel, seconds, span, when } from './dom.js';

const DAY_MS = 86_400_000;

/** @param {any} state @param {string} waId */
function who(state, waId) {
  if (waId === state.phones.customer.waId) return 'customer';
  if (waId === state.phones.admin.waId) return 'admin';
  if (waId === 'state-machine') return 'state machine';
  if (waId === 'sweep' || waId === 'provisioning' || waId === 'lifecycle') return waId;
  return /^\d+$/.test(waId) ? `+${waId}` : waId;
}

const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------- the clock

/** @param {any} state */
export function renderClock(state) {
  const card = $('[data-testid="clock"]');
  const clock = state.clock;
  if (!clock) return;
  const days = clock.offsetDays;
  $('.clock-offset', card).textContent =
    `clock: +${days} day${days === 1 ? '' : 's'}${days === 0 ? ' (real time)' : ''}`;
  $('.clock-now', card).textContent = `simulated now: ${dayTime(clock.now)}`;
  const p = clock.policy;
  const reminders = [...p.reminderDays].sort((a, b) => b - a).join(' and ');
  const end =
    p.terminateAfterDays === 'never'
      ? 'never deleted'
      : `deleted ${plural(p.terminateAfterDays, 'day')} after that (last warning ${plural(p.terminationWarningDays, 'day')} before)`;
  $('.clock-policy', card).textContent =
    `Reminders ${reminders} days before the paid-until date and on it; suspended ${plural(p.suspendAfterDays, 'day')} after it if unpaid; ${end}. The sweep also runs every ${clock.sweepSeconds} s, one step per server each time.`;
}

/** The clock buttons: POST /api/clock {days}; the new state arrives over the page's event stream. */
export function wireClock() {
  const card = $('[data-testid="clock"]');
  const result = $('.clock-result', card);
  const buttons = /** @type {NodeListOf<HTMLButtonElement>} */ (card.querySelectorAll('button[data-advance-days]'));
  for (const b of buttons) {
    b.addEventListener('click', async () => {
      for (const x of buttons) x.disabled = true;
      result.textContent = 'moving the clock and sweeping…';
      try {
        const res = await fetch('/api/clock', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ days: Number(b.dataset.advanceDays) }),
        });
        const body = await res.json().catch(() => ({}));
        if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
        const s = body.sweep;
        result.textContent = `+${b.dataset.advanceDays} d: the sweep found ${plural(s.due, 'server')} due: ${plural(s.reminders, 'reminder')}, ${plural(s.warnings, 'last warning')}, ${plural(s.actions, 'action')} started${s.errors ? `, ${plural(s.errors, 'error')}` : ''}.`;
      } catch (e) {
        result.textContent = `Not moved: ${e instanceof Error ? e.message : e}`;
      } finally {
        for (const x of buttons) x.disabled = false;
      }
    });
  }
}

// ---------------------------------------------------------------- orders and servers

const ACTION_WORDS = { SUSPEND: 'suspension', UNSUSPEND: 'unsuspension', TERMINATE: 'termination' };

/** @param {any} next */
function nextWords(next) {
  switch (next.kind) {
    case 'remind':
      return next.days ? `reminder (${plural(next.days, 'day')} before)` : 'reminder (the day itself)';
    case 'warn':
      return 'last warning before deletion';
    case 'suspend':
      return 'suspension, if unpaid';
    case 'terminate':
      return 'deletion, if unpaid';
    case 'unsuspend':
      return 'unsuspension';
    case 'retry':
      return 'retry of the failed action';
    default:
      return next.kind;
  }
}

/** A completed order's server: state, paid until, what is in flight, what comes next, its life. @param {any} state @param {any} o */
function serverBlock(state, o) {
  const s = o.server;
  const now = state.clock?.now ?? new Date().toISOString();
  const box = el('div', { class: 'server', 'data-testid': 'server', 'data-state': s.state });
  box.append(
    el('div', { class: 'server-head' }, [
      el('span', { class: 'server-title', text: 'Server' }),
      el('span', { class: `badge ${s.state}`, 'data-testid': 'server-state', text: s.state }),
      el('span', { class: 'muted', text: s.words }),
    ]),
  );
  const paid = s.state === 'TERMINATED' ? 'was paid until' : 'paid until';
  box.append(
    el('div', {
      class: 'server-paid',
      'data-testid': 'paid-until',
      text: `${paid} ${dayTime(s.paidUntil)} (${rel(s.paidUntil, now)}) · ${span(s.periodDays * DAY_MS)} a period`,
    }),
  );
  if (s.action) {
    const words = /** @type {any} */ (ACTION_WORDS)[s.action.kind] ?? s.action.kind;
    box.append(
      el('div', {
        class: 'server-action',
        'data-testid': 'server-action',
        text: `⚙ ${words} in flight: ${s.action.execution} (by ${who(state, s.action.by)}, ${rel(s.action.at, now)})`,
      }),
    );
  }
  if (s.lastActionError) {
    const e = s.lastActionError;
    box.append(el('div', { class: 'order-error', text: `⚠ ${e.action.toLowerCase()} failed: ${e.error}` }));
  }
  if (s.next) {
    box.append(
      el('div', {
        class: 'server-next',
        text: `next: ${nextWords(s.next)} · ${dayTime(s.next.at)} (${rel(s.next.at, now)})`,
      }),
    );
  }
  const renewals = state.orders.filter((/** @type {any} */ r) => r.renews === o.id);
  if (renewals.length) {
    box.append(
      el('div', {
        class: 'server-renewals',
        text: `renewals: ${renewals.map((/** @type {any} */ r) => `${r.id} (${r.status.toLowerCase()})`).join(', ')}`,
      }),
    );
  }
  const life = el('ul', { class: 'history life', 'aria-label': 'Server life' });
  for (const l of s.log) {
    life.append(
      el('li', {}, [
        el('span', { class: 'at', text: when(l.at, now) }),
        el('span', {
          text: `${l.what.toLowerCase().replaceAll('_', ' ')} by ${who(state, l.by)}${l.detail ? ` · ${l.detail}` : ''}`,
        }),
      ]),
    );
  }
  if (!s.recorded) life.append(el('li', { class: 'muted', text: 'not swept yet: the next sweep records it' }));
  box.append(life);
  return box;
}

/** @param {any} state @param {any} o */
function orderCard(state, o) {
  const now = state.clock?.now;
  const renewal = o.kind === 'RENEWAL';
  const card = el('div', { class: 'order', 'data-order-id': o.id, 'data-status': o.status, 'data-kind': o.kind });
  card.append(
    el('div', { class: 'order-head' }, [
      el('span', { class: 'order-id', text: o.id }),
      ...(renewal ? [el('span', { class: 'tag', text: 'renewal' })] : []),
      el('span', { class: `badge ${o.status}`, 'data-testid': 'order-status', text: o.status }),
    ]),
  );
  if (renewal) {
    card.append(
      el('div', {
        class: 'renews',
        'data-renews': o.renews ?? '',
        text: `↻ Renewal of server ${o.renews ?? '?'}${o.periodDays ? `: ${span(o.periodDays * DAY_MS)} more` : ''}`,
      }),
    );
  }
  card.append(
    el('div', {
      class: 'order-sub',
      text: `${o.packageName}${o.price ? ` · ${o.price}` : ''} · ${o.customerName ?? ''} +${o.customerId}${renewal ? '' : ` · attempts ${o.attempts}`}`,
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
  if (o.server) card.append(serverBlock(state, o));
  const history = el('ul', { class: 'history' });
  for (const h of o.history) {
    history.append(
      el('li', {}, [
        el('span', { class: 'at', text: when(h.at, now) }),
        el('span', {
          // A note (a receipt, a rejected receipt) changes nothing; what it says is its reason.
          text: `${h.from ? `${h.from} → ` : ''}${h.to} · ${h.event.toLowerCase().replaceAll('_', ' ')} by ${who(state, h.by)}${h.attempt ? ` (attempt ${h.attempt})` : ''}${h.from === h.to && h.reason ? `: ${h.reason}` : ''}`,
        }),
      ]),
    );
  }
  card.append(history);
  return card;
}

/** Replaces a scrolling box's content, keeping where it was scrolled to. @param {HTMLElement} box @param {Node[]} nodes */
function refill(box, nodes) {
  const top = box.scrollTop;
  box.replaceChildren(...nodes);
  box.scrollTop = top;
}

/** @param {any} state */
export function renderOrders(state) {
  if (state.orders.length === 0) return;
  refill(
    $('.orders'),
    state.orders.map((/** @type {any} */ o) => orderCard(state, o)),
  );
}

// ---------------------------------------------------------------- runs

const ICONS = { ok: '✓', running: '…', retrying: '↻', failed: '✗', caught: '⤷', info: '↻' };

/** @param {any} e */
function executionCard(e) {
  const card = el('div', {
    class: 'execution',
    'data-execution': e.name,
    'data-status': e.status,
    'data-machine': e.machine,
  });
  card.append(
    el('div', { class: 'execution-head' }, [
      el('span', { class: 'order-id', text: e.name }),
      el('span', { class: `tag ${e.machine}`, text: e.machine === 'lifecycle' ? `lifecycle · ${e.label}` : e.label }),
      el('span', { class: `badge ${e.status}`, text: e.status === 'RUNNING' && e.retrying ? 'RETRYING' : e.status }),
    ]),
  );
  const steps = el('ul', { class: 'steps' });
  for (const s of e.steps) {
    const extra = [
      s.times > 1 ? `×${s.times}` : '',
      s.status === 'retrying' && !s.retries ? 'waiting to retry' : '',
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
        el('span', { class: 'detail', text: [extra, s.detail ?? ''].filter(Boolean).join(' · ') }),
      ]),
    );
  }
  card.append(steps);
  if (e.endedAt) {
    card.append(
      el('div', { class: 'order-sub', text: `${e.status.toLowerCase()} after ${seconds(e.startedAt, e.endedAt)}` }),
    );
  }
  return card;
}

/** @param {any} state */
export function renderExecutions(state) {
  if (state.executions.length === 0) return;
  refill($('.executions'), state.executions.map(executionCard));
}

// ---------------------------------------------------------------- the panel

/** @param {string} caption @param {string[]} head @param {Node[][]} rows */
function table(caption, head, rows) {
  const body = rows.length
    ? rows.map((r) =>
        el(
          'tr',
          {},
          r.map((c) => el('td', {}, [c])),
        ),
      )
    : [el('tr', {}, [el('td', { colspan: String(head.length), class: 'muted', text: 'none' })])];
  return el('div', { class: 'table-scroll' }, [
    el('table', {}, [
      el('caption', { text: caption }),
      el('thead', {}, [
        el(
          'tr',
          {},
          head.map((h) => el('th', { text: h })),
        ),
      ]),
      el('tbody', {}, body),
    ]),
  ]);
}

/** @param {any} state */
export function renderPanel(state) {
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
  const text = (/** @type {string} */ t) => document.createTextNode(t);
  box.append(
    table(
      `Users (${panel.users.length})`,
      ['id', 'username', 'e-mail'],
      panel.users.map((/** @type {any} */ u) => [
        text(String(u.id)),
        text(`${u.username}${u.rootAdmin ? ' (root admin)' : ''}`),
        text(u.email),
      ]),
    ),
    table(
      `Servers (${panel.servers.length})`,
      ['id', 'name', 'owner', 'status', 'size'],
      panel.servers.map((/** @type {any} */ s) => [
        text(String(s.id)),
        el('span', { 'data-server-name': s.name, text: `${s.name}${s.address ? ` · ${s.address}` : ''}` }),
        text(users.get(s.userId)?.username ?? String(s.userId)),
        el('span', { class: `badge ${s.status}`, text: s.status }),
        text(
          `${Math.round(s.memory / 1024)} GB · ${s.cpu ? `${s.cpu / 100} vCPU` : 'any CPU'} · ${Math.round(s.disk / 1024)} GB`,
        ),
      ]),
    ),
  );
}
