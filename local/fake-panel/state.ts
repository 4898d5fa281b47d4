// The fake panel's data: the rows the real panel keeps in MySQL, the default seed, and the Fractal-style
// transformers that turn rows into the Application API's `attributes`.

import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';

export interface FakeUser {
  id: number;
  uuid: string;
  external_id: string | null;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  language: string;
  root_admin: boolean;
  /** `scrypt$<salt>$<hash>`; never exposed. */
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface FakeLocation {
  id: number;
  short: string;
  long: string;
  created_at: string;
  updated_at: string;
}

export interface FakeNode {
  id: number;
  uuid: string;
  public: boolean;
  name: string;
  description: string | null;
  location_id: number;
  fqdn: string;
  scheme: string;
  behind_proxy: boolean;
  maintenance_mode: boolean;
  memory: number;
  memory_overallocate: number;
  disk: number;
  disk_overallocate: number;
  upload_size: number;
  daemon_listen: number;
  daemon_sftp: number;
  daemon_base: string;
  created_at: string;
  updated_at: string;
}

export interface FakeAllocation {
  id: number;
  node_id: number;
  ip: string;
  ip_alias: string | null;
  port: number;
  notes: string | null;
  server_id: number | null;
}

export interface FakeNest {
  id: number;
  uuid: string;
  author: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface FakeEggVariable {
  id: number;
  egg_id: number;
  name: string;
  description: string;
  env_variable: string;
  default_value: string;
  user_viewable: boolean;
  user_editable: boolean;
  rules: string;
  created_at: string;
  updated_at: string;
}

export interface FakeEgg {
  id: number;
  uuid: string;
  nest_id: number;
  name: string;
  author: string;
  description: string | null;
  docker_images: Record<string, string>;
  startup: string;
  variables: FakeEggVariable[];
  created_at: string;
  updated_at: string;
}

export type InstallOutcome = 'success' | 'fail' | 'never';

export interface FakeServer {
  id: number;
  uuid: string;
  external_id: string | null;
  name: string;
  description: string;
  status: string | null;
  user_id: number;
  node_id: number;
  allocation_id: number;
  nest_id: number;
  egg_id: number;
  memory: number;
  swap: number;
  disk: number;
  io: number;
  cpu: number;
  threads: string | null;
  oom_disabled: boolean;
  database_limit: number | null;
  allocation_limit: number | null;
  backup_limit: number | null;
  startup: string;
  image: string;
  skip_scripts: boolean;
  /** One row per egg variable: the value sent, or '' (never the egg default). */
  variables: Record<string, string>;
  created_at: string;
  updated_at: string;
  /** Pending install: when Wings would report, and what. */
  install?: { doneAt: number | undefined; outcome: InstallOutcome; reinstall: boolean };
}

export interface FakeData {
  users: FakeUser[];
  locations: FakeLocation[];
  nodes: FakeNode[];
  allocations: FakeAllocation[];
  nests: FakeNest[];
  eggs: FakeEgg[];
  servers: FakeServer[];
}

export const STAMP = '2024-10-24T12:00:00+00:00';
const RAW_STAMP = '2024-10-24T12:00:00.000000Z';

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 1024 });
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(password, Buffer.from(salt, 'hex'), expected.length, { N: 1024 });
  return timingSafeEqual(expected, actual);
}

/** A password nobody knows: what the panel stores when a user is created without one. */
export function unusablePasswordHash(): string {
  return hashPassword(randomBytes(24).toString('hex'));
}

/**
 * The default seed: location 1 "local"; nodes 1 and 2 (public, 64 GiB RAM / 500 GiB disk each, ports
 * 25565-25614 on 127.0.0.1 and 127.0.0.2); nest 1 Minecraft with egg 1 Paper; nest 2 Rust with egg 2 Rust
 * (whose RCON_PASS is required with an empty default); user 1 is the root admin who owns the API keys.
 */
export function defaultSeed(): FakeData {
  return {
    users: [
      {
        id: 1,
        uuid: '00000000-0000-4000-8000-0000000000a1',
        external_id: null,
        username: 'admin',
        email: 'admin@panel.local',
        first_name: 'Panel',
        last_name: 'Admin',
        language: 'en',
        root_admin: true,
        password_hash: unusablePasswordHash(),
        created_at: STAMP,
        updated_at: STAMP,
      },
    ],
    locations: [{ id: 1, short: 'local', long: 'This machine', created_at: STAMP, updated_at: STAMP }],
    nodes: [seedNode(1, 'node1'), seedNode(2, 'node2')],
    allocations: seedAllocations(),
    nests: seedNests(),
    eggs: seedEggs(),
    servers: [],
  };
}

function seedNode(id: number, name: string): FakeNode {
  return {
    id,
    uuid: `00000000-0000-4000-8000-00000000000${id}`,
    public: true,
    name,
    description: null,
    location_id: 1,
    fqdn: `${name}.local`,
    scheme: 'http',
    behind_proxy: false,
    maintenance_mode: false,
    memory: 65_536,
    memory_overallocate: 0,
    disk: 512_000,
    disk_overallocate: 0,
    upload_size: 100,
    daemon_listen: 8080,
    daemon_sftp: 2022,
    daemon_base: '/var/lib/pterodactyl/volumes',
    created_at: STAMP,
    updated_at: STAMP,
  };
}

/** Ports 25565-25614, free, on node 1 (127.0.0.1) then node 2 (127.0.0.2). */
function seedAllocations(): FakeAllocation[] {
  const allocations: FakeAllocation[] = [];
  for (const [nodeId, ip] of [
    [1, '127.0.0.1'],
    [2, '127.0.0.2'],
  ] as const) {
    for (let port = 25565; port <= 25614; port++) {
      allocations.push({
        id: allocations.length + 1,
        node_id: nodeId,
        ip,
        ip_alias: null,
        port,
        notes: null,
        server_id: null,
      });
    }
  }
  return allocations;
}

function seedNests(): FakeNest[] {
  return [
    {
      id: 1,
      uuid: '00000000-0000-4000-8000-0000000000b1',
      author: 'support@pterodactyl.io',
      name: 'Minecraft',
      description: 'Minecraft - the classic game from Mojang.',
      created_at: STAMP,
      updated_at: STAMP,
    },
    {
      id: 2,
      uuid: '00000000-0000-4000-8000-0000000000b2',
      author: 'support@pterodactyl.io',
      name: 'Rust',
      description: 'Rust - A game where you must fight to survive.',
      created_at: STAMP,
      updated_at: STAMP,
    },
  ];
}

function seedVariable(
  id: number,
  egg_id: number,
  name: string,
  env_variable: string,
  default_value: string,
  rules: string,
): FakeEggVariable {
  return {
    id,
    egg_id,
    name,
    description: name,
    env_variable,
    default_value,
    user_viewable: true,
    user_editable: true,
    rules,
    created_at: RAW_STAMP,
    updated_at: RAW_STAMP,
  };
}

function seedEggs(): FakeEgg[] {
  return [
    {
      id: 1,
      uuid: '00000000-0000-4000-8000-0000000000c1',
      nest_id: 1,
      name: 'Paper',
      author: 'parker@pterodactyl.io',
      description: 'High performance Spigot fork.',
      docker_images: {
        'Java 21': 'ghcr.io/pterodactyl/yolks:java_21',
        'Java 17': 'ghcr.io/pterodactyl/yolks:java_17',
      },
      startup: 'java -Xms128M -XX:MaxRAMPercentage=95.0 -jar {{SERVER_JARFILE}}',
      variables: [
        seedVariable(
          1,
          1,
          'Server Jar File',
          'SERVER_JARFILE',
          'server.jar',
          'required|regex:/^([\\w\\d._-]+)(\\.jar)$/',
        ),
        seedVariable(2, 1, 'Minecraft Version', 'MINECRAFT_VERSION', 'latest', 'nullable|string|max:20'),
        seedVariable(3, 1, 'Build Number', 'BUILD_NUMBER', 'latest', 'required|string|max:20'),
      ],
      created_at: STAMP,
      updated_at: STAMP,
    },
    {
      id: 2,
      uuid: '00000000-0000-4000-8000-0000000000c2',
      nest_id: 2,
      name: 'Rust',
      author: 'support@pterodactyl.io',
      description: 'The only aim in Rust is to survive.',
      docker_images: { 'ghcr.io/pterodactyl/games:rust': 'ghcr.io/pterodactyl/games:rust' },
      startup: './RustDedicated -batchmode +server.port {{SERVER_PORT}} +rcon.password "{{RCON_PASS}}"',
      variables: [
        seedVariable(4, 2, 'Server Name', 'HOSTNAME', 'A Rust Server', 'required|string|max:60'),
        seedVariable(5, 2, 'RCON Password', 'RCON_PASS', '', 'required|regex:/^[\\w.-]*$/|max:64'),
      ],
      created_at: STAMP,
      updated_at: STAMP,
    },
  ];
}

export function newUuid(): string {
  return randomUUID();
}

// ---- transformers (panel: app/Transformers/Api/Application/*) ----

export function userAttributes(u: FakeUser): Record<string, unknown> {
  return {
    id: u.id,
    external_id: u.external_id,
    uuid: u.uuid,
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    language: u.language,
    root_admin: u.root_admin,
    '2fa': false,
    created_at: u.created_at,
    updated_at: u.updated_at,
  };
}

export function allocationAttributes(a: FakeAllocation): Record<string, unknown> {
  return { id: a.id, ip: a.ip, alias: a.ip_alias, port: a.port, notes: a.notes, assigned: a.server_id !== null };
}

export function locationAttributes(l: FakeLocation): Record<string, unknown> {
  return { id: l.id, short: l.short, long: l.long, updated_at: l.updated_at, created_at: l.created_at };
}

export function nestAttributes(n: FakeNest): Record<string, unknown> {
  return { ...n };
}

export function eggAttributes(e: FakeEgg): Record<string, unknown> {
  return {
    id: e.id,
    uuid: e.uuid,
    name: e.name,
    nest: e.nest_id,
    author: e.author,
    description: e.description,
    docker_image: Object.values(e.docker_images)[0] ?? '',
    docker_images: { ...e.docker_images },
    config: {
      files: {},
      startup: { done: ')! For help, type ' },
      stop: 'stop',
      logs: {},
      file_denylist: [],
      extends: null,
    },
    startup: e.startup,
    script: { privileged: true, install: '#!/bin/ash\n', entry: 'ash', container: 'alpine:3.4', extends: null },
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

export function eggVariableAttributes(v: FakeEggVariable): Record<string, unknown> {
  return { ...v };
}

export function serverAttributes(s: FakeServer, environment: Record<string, string>): Record<string, unknown> {
  return {
    id: s.id,
    external_id: s.external_id,
    uuid: s.uuid,
    identifier: s.uuid.slice(0, 8),
    name: s.name,
    description: s.description,
    status: s.status,
    suspended: s.status === 'suspended',
    limits: {
      memory: s.memory,
      swap: s.swap,
      disk: s.disk,
      io: s.io,
      cpu: s.cpu,
      threads: s.threads,
      oom_disabled: s.oom_disabled,
    },
    feature_limits: { databases: s.database_limit, allocations: s.allocation_limit, backups: s.backup_limit },
    user: s.user_id,
    node: s.node_id,
    allocation: s.allocation_id,
    nest: s.nest_id,
    egg: s.egg_id,
    container: {
      startup_command: s.startup,
      image: s.image,
      installed: s.status === 'installing' || s.status === 'install_failed' ? 0 : 1,
      environment,
    },
    updated_at: s.updated_at,
    created_at: s.created_at,
  };
}
