// Small helpers the page's modules share: finding and making elements (text goes in as text; `html` only
// ever takes formatWhatsApp/escapeHtml output), and how times and spans read.

export const $ = (/** @type {string} */ sel, /** @type {ParentNode} */ root = document) =>
  /** @type {HTMLElement} */ (root.querySelector(sel));

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {Array<Node | string>} [children]
 */
export function el(tag, attrs = {}, children = []) {
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

const DAY_MS = 86_400_000;
const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** @param {string} iso */
export const hhmm = (iso) => {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
/** @param {string} iso */
export const hhmmss = (iso) => `${hhmm(iso)}:${pad(new Date(iso).getSeconds())}`;
/** @param {string} from @param {string} to */
export const seconds = (from, to) => `${((new Date(to).getTime() - new Date(from).getTime()) / 1000).toFixed(1)} s`;

/** "Tue 12 Aug" @param {string} iso */
export const day = (iso) => {
  const d = new Date(iso);
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}`;
};
/** "Tue 12 Aug 14:03" @param {string} iso */
export const dayTime = (iso) => `${day(iso)} ${hhmm(iso)}`;

/** A history time: the clock time, with the date ("30 Nov") when it is not the same day as `now`. */
export function when(/** @type {string} */ iso, /** @type {string | undefined} */ now) {
  if (!now || day(iso) === day(now)) return hhmmss(iso);
  const d = new Date(iso);
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${hhmmss(iso)}`;
}

/** "3 days", "1 day", "5 h", "20 min" @param {number} ms */
export function span(ms) {
  const abs = Math.abs(ms);
  if (abs >= DAY_MS) {
    const days = Math.round((abs / DAY_MS) * 10) / 10;
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  if (abs >= 3_600_000) return `${Math.round(abs / 3_600_000)} h`;
  return `${Math.max(1, Math.round(abs / 60_000))} min`;
}

/** "in 3 days", "2 days ago", relative to `now` (the simulation's clock). */
export function rel(/** @type {string} */ iso, /** @type {string} */ now) {
  const ms = new Date(iso).getTime() - new Date(now).getTime();
  if (Math.abs(ms) < 60_000) return 'now';
  return ms > 0 ? `in ${span(ms)}` : `${span(ms)} ago`;
}
