// WhatsApp's text formatting, rendered safely: everything is HTML-escaped first, then the markers
// (*bold*, _italic_, ~strike~, ```mono```, `code`) become tags. Nothing from a message body can add markup.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** @param {string} text */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[/** @type {keyof typeof ESCAPES} */ (c)]);
}

// A marker opens after the start, a space or punctuation and closes before the end, a space or punctuation,
// with no space just inside it: the rule that keeps snake_case and 2*3*4 plain, as in WhatsApp.
const BEFORE = String.raw`(^|[\s([{.,;:!?"'])`;
const AFTER = String.raw`(?=$|[\s)\]}.,;:!?"'&])`;

/** @param {string} marker @param {string} tag */
function inline(marker, tag) {
  const m = marker.replace(/[*~]/g, (c) => `\\${c}`);
  return [
    new RegExp(`${BEFORE}${m}(?=[^\\s${m}])([^${m}\\n]*?[^\\s${m}])${m}${AFTER}`, 'gm'),
    (/** @type {string} */ _all, /** @type {string} */ pre, /** @type {string} */ inner) =>
      `${pre}<${tag}>${inner}</${tag}>`,
  ];
}

const RULES = /** @type {Array<[RegExp, (...args: string[]) => string]>} */ ([
  inline('*', 'strong'),
  inline('_', 'em'),
  inline('~', 's'),
]);

/**
 * WhatsApp-formatted text as safe HTML (line breaks are kept by the CSS, `white-space: pre-wrap`).
 * @param {string} text
 */
export function formatWhatsApp(text) {
  // Monospace blocks first: nothing inside them is formatted.
  const parts = String(text).split(/```([\s\S]+?)```/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<code class="mono">${escapeHtml(part)}</code>`;
      const chunks = part.split(/`([^`\n]+)`/);
      return chunks
        .map((chunk, j) => {
          if (j % 2 === 1) return `<code>${escapeHtml(chunk)}</code>`;
          let html = escapeHtml(chunk);
          for (const [re, fn] of RULES) html = html.replace(re, fn);
          return html;
        })
        .join('');
    })
    .join('');
}
