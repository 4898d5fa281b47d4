// The Application API's users: list, show, find by external id, create, update, delete.

import {
  envelope,
  filter,
  type Includes,
  item,
  like,
  paginate,
  plainList,
  serverEnvelopeBare,
  sort,
} from './envelopes.js';
import { type Ctx, fail, NOT_FOUND, type Reply, toBool, validationError } from './http.js';
import { ci, isoNow, type PanelModel } from './model.js';
import { type Route, route } from './routing.js';
import { type RuleSet, validate } from './rules.js';
import { type FakeUser, hashPassword, newUuid, unusablePasswordHash, userAttributes } from './state.js';

const USER_HAS_SERVERS =
  'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.';

// Rules verbatim from the panel (reference/pterodactyl-rules.json).
const USER_RULES: RuleSet = [
  ['external_id', ['sometimes', 'nullable', 'string', 'max:191', 'unique:users,external_id']],
  ['email', ['required', 'email', 'between:1,191', 'unique:users,email']],
  ['username', ['required', 'between:1,191', 'unique:users,username', 'p_username']],
  ['password', ['sometimes', 'nullable', 'string']],
  ['language', ['string', 'in:en']],
  ['root_admin', ['boolean']],
  ['first_name', ['required', 'string', 'between:1,191']],
  ['last_name', ['required', 'string', 'between:1,191']],
];
const USER_ATTRIBUTES = {
  external_id: 'Third Party Identifier',
  root_admin: 'Root Administrator Status',
  first_name: 'first name',
  last_name: 'last name',
};

export function userRoutes(m: PanelModel): Route[] {
  return [
    route('GET', '/users', 'users', (ctx) => listUsers(m, ctx)),
    route('GET', '/users/external/:external_id', 'users', (ctx, _b, p) => userByExternal(m, ctx, p.external_id ?? '')),
    route('GET', '/users/:user', 'users', (ctx, b) =>
      item(ctx, 'user', userAttributes(b.user!), userIncludes(m, b.user!)),
    ),
    route('POST', '/users', 'users', (ctx) => createUser(m, ctx)),
    route('PATCH', '/users/:user', 'users', (ctx, b) => updateUser(m, ctx, b.user!)),
    route('DELETE', '/users/:user', 'users', (_ctx, b) => deleteUser(m, b.user!)),
  ];
}

function userIncludes(m: PanelModel, u: FakeUser): Includes {
  return {
    servers: [
      'servers',
      () => plainList(m.data.servers.filter((s) => s.user_id === u.id).map((s) => serverEnvelopeBare(m, s))),
    ],
  };
}

function listUsers(m: PanelModel, ctx: Ctx): Reply {
  const rows = sort(
    ctx,
    filter(ctx, m.data.users, {
      email: (u, t) => like(u.email, t),
      uuid: (u, t) => like(u.uuid, t),
      username: (u, t) => like(u.username, t),
      external_id: (u, t) => like(u.external_id, t),
    }),
    ['id', 'uuid'],
  );
  return paginate(ctx, rows, (u) => envelope(ctx, 'user', userAttributes(u), userIncludes(m, u)));
}

function userByExternal(m: PanelModel, ctx: Ctx, externalId: string): Reply {
  const u = m.data.users.find((x) => x.external_id !== null && ci(x.external_id) === ci(externalId));
  if (!u) fail(404, 'NotFoundHttpException', NOT_FOUND);
  return item(ctx, 'user', userAttributes(u), userIncludes(m, u));
}

/** `unique` looks at every other user, case-insensitively (MySQL's collation). */
function userRulesHooks(m: PanelModel, self?: FakeUser) {
  return {
    unique: (field: string, value: unknown) => {
      const v = ci(String(value));
      return m.data.users.some((u) => {
        if (u === self) return false;
        const col = field === 'email' ? u.email : field === 'username' ? u.username : u.external_id;
        return col !== null && ci(col) === v;
      });
    },
  };
}

function createUser(m: PanelModel, ctx: Ctx): Reply {
  const b = ctx.body;
  const errors = validate(b, USER_RULES, { attributes: USER_ATTRIBUTES, hooks: userRulesHooks(m) });
  if (errors.length) throw validationError(errors);
  const id = ++m.seq.users;
  const stamp = isoNow(m.now());
  const user: FakeUser = {
    id,
    uuid: newUuid(),
    external_id: (b.external_id as string | null | undefined) ?? null,
    username: String(b.username).toLowerCase(),
    email: String(b.email),
    first_name: String(b.first_name),
    last_name: String(b.last_name),
    language: (b.language as string | undefined) ?? 'en',
    root_admin: toBool(b.root_admin, false),
    password_hash: typeof b.password === 'string' ? hashPassword(b.password) : unusablePasswordHash(),
    created_at: stamp,
    updated_at: stamp,
  };
  m.data.users.push(user);
  return {
    status: 201,
    body: {
      ...envelope(ctx, 'user', userAttributes(user)),
      meta: { resource: `${ctx.origin}/api/application/users/${id}` },
    },
  };
}

function updateUser(m: PanelModel, ctx: Ctx, user: FakeUser): Reply {
  const b = ctx.body;
  const errors = validate(b, USER_RULES, { attributes: USER_ATTRIBUTES, hooks: userRulesHooks(m, user) });
  if (errors.length) throw validationError(errors);
  user.email = String(b.email);
  user.username = String(b.username).toLowerCase();
  user.first_name = String(b.first_name);
  user.last_name = String(b.last_name);
  if (Object.hasOwn(b, 'external_id')) user.external_id = (b.external_id as string | null) ?? null;
  if (typeof b.password === 'string') user.password_hash = hashPassword(b.password);
  if (Object.hasOwn(b, 'root_admin')) user.root_admin = toBool(b.root_admin, user.root_admin);
  if (typeof b.language === 'string') user.language = b.language;
  user.updated_at = isoNow(m.now());
  return item(ctx, 'user', userAttributes(user));
}

function deleteUser(m: PanelModel, user: FakeUser): Reply {
  if (m.data.servers.some((s) => s.user_id === user.id)) fail(400, 'DisplayException', USER_HAS_SERVERS, true);
  m.data.users = m.data.users.filter((u) => u !== user);
  return { status: 204 };
}
