// The fake panel's web pages as plain server-rendered HTML: the login form, the signed-in user's server
// list and one server's details. Pure templates: every value from the panel's rows goes through `esc`.

export interface ServerView {
  name: string;
  identifier: string;
  uuid: string;
  description: string;
  /** `installing`, `installed`, `install_failed`, `reinstall_failed`, `suspended`, ... */
  status: string;
  statusLabel: string;
  memory: string;
  swap: string;
  cpu: string;
  disk: string;
  /** The default allocation, `ip:port` (its alias when it has one); '' when it is gone. */
  address: string;
  node: string;
  egg: string;
}

export interface LoginView {
  /** What was typed in the user field (never the password). */
  user?: string;
  error?: string;
  /** Where to go after logging in (already checked to be one of the panel's own pages). */
  next?: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#0f172a;color:#e2e8f0}
main{max-width:44rem;margin:0 auto;padding:1rem}
header.bar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;margin-bottom:1rem}
h1{font-size:1.35rem;margin:.25rem 0;overflow-wrap:anywhere;min-width:0}
.card>:first-child{margin-top:0}
a{color:#7dd3fc}
.card{background:#1e293b;border:1px solid #334155;border-radius:.5rem;padding:1rem;margin-bottom:.75rem}
.login{max-width:24rem;margin:3rem auto 0}
label{display:block;margin:.75rem 0 .25rem;font-size:.9rem;color:#cbd5e1}
input{width:100%;padding:.6rem;border-radius:.35rem;border:1px solid #475569;background:#0f172a;color:inherit;font:inherit}
button{margin-top:1rem;padding:.55rem 1rem;border:0;border-radius:.35rem;background:#0284c7;color:#fff;font:inherit;cursor:pointer}
button.link{margin:0;background:none;color:#7dd3fc;padding:0;text-decoration:underline}
.error{background:#7f1d1d;border:1px solid #b91c1c;border-radius:.35rem;padding:.6rem;margin-bottom:.5rem}
.muted{color:#94a3b8;font-size:.9rem}
ul.servers{list-style:none;margin:0;padding:0}
.server a.name{font-weight:600;font-size:1.05rem;text-decoration:none;overflow-wrap:anywhere}
.row{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center;justify-content:space-between}
.status{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:.8rem;background:#334155}
.status-installed{background:#166534}.status-installing{background:#854d0e}
.status-suspended,.status-install_failed,.status-reinstall_failed{background:#991b1b}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dt{color:#94a3b8}dd{margin:0;overflow-wrap:anywhere}
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} | Pterodactyl (local fake)</title>
<style>${CSS}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

export function loginPage(view: LoginView = {}): string {
  const error = view.error ? `<div class="error" role="alert">${esc(view.error)}</div>` : '';
  const next = view.next ? `<input type="hidden" name="next" value="${esc(view.next)}">` : '';
  return layout(
    'Login',
    `<section class="card login">
<h1>Login to Continue</h1>
<p class="muted">The local fake Pterodactyl panel. Use the username and password the shop sent on WhatsApp.</p>
${error}<form method="post" action="/auth/login" data-testid="login-form">
${next}<label for="user">Username or Email</label>
<input id="user" name="user" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${esc(view.user ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Login</button>
</form>
</section>`,
  );
}

function topBar(username: string, title: string): string {
  return `<header class="bar">
<h1>${esc(title)}</h1>
<form method="post" action="/auth/logout"><span class="muted">Signed in as <strong data-testid="username">${esc(username)}</strong></span> · <button class="link" type="submit">Log out</button></form>
</header>`;
}

function statusBadge(s: ServerView): string {
  return `<span class="status status-${esc(s.status)}" data-testid="status">${esc(s.statusLabel)}</span>`;
}

function serverLink(s: ServerView): string {
  return `/server/${encodeURIComponent(s.identifier)}`;
}

export function serverListPage(username: string, servers: ServerView[]): string {
  const items = servers.map(
    (s) => `<li class="card server" data-identifier="${esc(s.identifier)}">
<div class="row"><a class="name" href="${esc(serverLink(s))}">${esc(s.name)}</a>${statusBadge(s)}</div>
<div class="muted"><code>${esc(s.identifier)}</code>${s.address ? ` · <code data-testid="address">${esc(s.address)}</code>` : ''}</div>
<div class="muted" data-testid="limits">${esc(s.memory)} RAM · ${esc(s.cpu)} CPU · ${esc(s.disk)} disk</div>
</li>`,
  );
  const list = items.length
    ? `<ul class="servers">\n${items.join('\n')}\n</ul>`
    : '<p class="card muted" data-testid="no-servers">You have no servers yet.</p>';
  return layout('Your Servers', `${topBar(username, 'Your Servers')}\n${list}`);
}

export function serverPage(username: string, s: ServerView): string {
  const rows: Array<[string, string]> = [
    ['Status', statusBadge(s)],
    ['Identifier', `<code>${esc(s.identifier)}</code>`],
    ['Address', s.address ? `<code data-testid="address">${esc(s.address)}</code>` : '<span class="muted">none</span>'],
    ['Memory', esc(s.memory)],
    ['Swap', esc(s.swap)],
    ['CPU', esc(s.cpu)],
    ['Disk', esc(s.disk)],
    ['Node', esc(s.node)],
    ['Egg', esc(s.egg)],
    ['UUID', `<code>${esc(s.uuid)}</code>`],
  ];
  const description = s.description ? `<p class="muted">${esc(s.description)}</p>` : '';
  return layout(
    s.name,
    `${topBar(username, s.name)}
<p><a href="/">← All servers</a></p>
<section class="card" data-identifier="${esc(s.identifier)}">
${description}<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</section>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(
    title,
    `<section class="card login"><h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="/">Back</a></p></section>`,
  );
}
