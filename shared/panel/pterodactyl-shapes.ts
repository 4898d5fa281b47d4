// The Pterodactyl client's pure parts: names and e-mails derived from a customer, the server create payload,
// the pre-flight's egg checks, and the mapping of the Application API's shapes to the port's. No I/O.

import { createHash } from 'node:crypto';
import type { Package } from '../domain/packages.js';
import {
  PanelError,
  PanelRateLimitedError,
  PanelRejectedError,
  PanelUnauthorizedError,
  PanelUnavailableError,
} from './panel-errors.js';
import type {
  CustomerRef,
  EnsureServerInput,
  PanelServer,
  PanelUser,
  RawEgg,
  RawEggVariable,
  RawServer,
  RawUser,
} from './types.js';

/** Hash lengths of the username suffix, longer on each `unique` clash. */
export const USERNAME_SUFFIXES = [6, 10, 16] as const;

export function customerExternalId(key: string): string {
  return `wa-${key}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A username the panel accepts (`^[a-z0-9]([\w.-]+)[a-z0-9]$`), stable for the customer. */
export function usernameFor(customer: CustomerRef, suffixLength: number = USERNAME_SUFFIXES[0]): string {
  const hash = sha256(customer.key);
  const prefix = (customer.displayName ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 12);
  return prefix ? `${prefix}-${hash.slice(0, suffixLength)}` : `player-${hash.slice(0, suffixLength + 2)}`;
}

/** E-mail, first and last name of a new panel user; the e-mail is derived from a hash of the key. */
export function newUserFields(
  customer: CustomerRef,
  emailDomain: string,
): { email: string; first_name: string; last_name: string } {
  const words = (customer.displayName ?? '')
    .replace(/\p{C}+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const digits = customer.key.replace(/\D/g, '').slice(-4);
  const first = words[0] ?? 'Player';
  const last = words.slice(1).join(' ') || digits || 'Customer';
  return {
    email: `wa-${sha256(customer.key).slice(0, 16)}@${emailDomain}`,
    first_name: clip(first, 191),
    last_name: clip(last, 191),
  };
}

export function clip(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('');
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function seg(id: string): string {
  return encodeURIComponent(id);
}

export function locationsOf(pkg: Package): number[] {
  return pkg.placement.kind === 'locations' ? [...pkg.placement.locationIds] : [];
}

export function nodeOf(pkg: Package): string {
  return pkg.placement.kind === 'node' ? String(pkg.placement.nodeId) : 'any';
}

export function eggMissing(pkg: Package): string {
  const T = pkg.id.toUpperCase();
  return `Egg ${pkg.eggId} in nest ${pkg.nestId} does not exist on the panel (${T}_EGG_ID / ${T}_NEST_ID)`;
}

export function portsText(portRange: readonly string[]): string {
  return portRange.length ? ` in ports ${portRange.join(', ')}` : '';
}

/** The panel's `deploy.port_range` filter: exact ports and NNNN-NNNNN ranges; anything else is dropped. */
export function portFilter(portRange: readonly string[]): (port: number) => boolean {
  const exact = new Set<number>();
  const ranges: Array<[number, number]> = [];
  for (const entry of portRange) {
    const e = entry.trim();
    if (/^\d+$/.test(e)) exact.add(Number(e));
    const m = /^(\d{4,5})-(\d{4,5})$/.exec(e);
    if (m) ranges.push([Number(m[1]), Number(m[2])]);
  }
  if (exact.size === 0 && ranges.length === 0) return () => true;
  return (port) => exact.has(port) || ranges.some(([lo, hi]) => port >= lo && port <= hi);
}

/** The full egg environment: every variable's default, then the package's overrides, all strings. */
export function buildEnvironment(egg: RawEgg, pkg: Package): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of eggVariables(egg)) {
    const override = pkg.environment[v.env_variable];
    env[v.env_variable] = String(override ?? v.default_value ?? '');
  }
  return env;
}

export function eggVariables(egg: RawEgg): RawEggVariable[] {
  return (egg.relationships?.variables?.data ?? []).map((v) => v.attributes);
}

export function serverPayload(input: EnsureServerInput, egg: RawEgg): Record<string, unknown> {
  const { pkg } = input;
  const T = pkg.id.toUpperCase();
  const image = pkg.dockerImage || Object.values(egg.docker_images ?? {})[0] || egg.docker_image;
  if (!image) {
    throw new PanelRejectedError({
      status: 422,
      code: 'NoDockerImage',
      detail: `Egg ${egg.id} (${egg.name}) has no docker image: set ${T}_DOCKER_IMAGE`,
    });
  }
  const startup = pkg.startup || egg.startup;
  if (!startup) {
    throw new PanelRejectedError({
      status: 422,
      code: 'NoStartup',
      detail: `Egg ${egg.id} (${egg.name}) has no startup command: set ${T}_STARTUP`,
    });
  }
  const r = pkg.resources;
  return {
    name: clip(input.name.trim(), 191),
    ...(input.description?.trim() ? { description: input.description } : {}),
    user: input.userId,
    egg: pkg.eggId,
    docker_image: image,
    startup,
    environment: buildEnvironment(egg, pkg),
    limits: { memory: r.memoryMiB, swap: r.swapMiB, disk: r.diskMiB, io: r.ioWeight, cpu: r.cpuPercent, threads: null },
    feature_limits: { databases: r.databases, allocations: r.allocations, backups: r.backups },
    oom_disabled: pkg.oomDisabled,
    start_on_completion: false,
    skip_scripts: false,
    external_id: input.externalId,
  };
}

/** Pre-flight checks of the egg variables against the values the package would send. */
export function checkEgg(pkg: Package, egg: RawEgg, reasons: string[], warnings: string[]): void {
  const T = pkg.id.toUpperCase();
  const env = buildEnvironment(egg, pkg);
  const vars = eggVariables(egg);
  for (const v of vars) {
    const value = env[v.env_variable] ?? '';
    const rules = v.rules.split('|').map((x) => x.trim());
    const names = rules.map((x) => x.split(':')[0]);
    const fix = `set ${T}_ENV_${v.env_variable}`;
    if (value.trim() === '') {
      if (names.includes('required')) {
        reasons.push(
          `Egg variable ${v.env_variable} ("${v.name}") of egg ${egg.id} (${egg.name}) is required but has no value: ${fix}`,
        );
      }
      continue;
    }
    const regexRule = rules.find((x) => x.startsWith('regex:'));
    const re = regexRule ? phpRegex(regexRule.slice('regex:'.length)) : undefined;
    if (re && !re.test(value.trim())) {
      // The value itself is not shown: it may be a password (RCON_PASS).
      reasons.push(`The value of egg variable ${v.env_variable} does not match its rule ${regexRule}: ${fix}`);
    }
    const max = rules.find((x) => x.startsWith('max:'));
    if (
      max &&
      !names.includes('numeric') &&
      !names.includes('integer') &&
      Array.from(value.trim()).length > Number(max.slice(4))
    ) {
      reasons.push(`The value of egg variable ${v.env_variable} is longer than ${max.slice(4)} characters: ${fix}`);
    }
  }
  const known = new Set(vars.map((v) => v.env_variable));
  for (const name of Object.keys(pkg.environment)) {
    if (!known.has(name)) {
      warnings.push(`${T}_ENV_${name} matches no variable of egg ${egg.id} (${egg.name}); the panel ignores it`);
    }
  }
  const image = pkg.dockerImage || Object.values(egg.docker_images ?? {})[0] || egg.docker_image;
  if (!image) reasons.push(`Egg ${egg.id} (${egg.name}) has no docker image: set ${T}_DOCKER_IMAGE`);
  if (!(pkg.startup || egg.startup))
    reasons.push(`Egg ${egg.id} (${egg.name}) has no startup command: set ${T}_STARTUP`);
}

/** `/^abc$/i` (PHP delimiters) → RegExp; undefined when it cannot be expressed in JS. */
export function phpRegex(source: string): RegExp | undefined {
  const m = /^(.)(.*)\1([a-zA-Z]*)$/s.exec(source);
  if (!m) return undefined;
  try {
    return new RegExp(m[2] ?? '', (m[3] ?? '').replace(/[^imsu]/g, ''));
  } catch {
    return undefined;
  }
}

export function unreachableReason(e: unknown, url: string): string {
  if (e instanceof PanelRateLimitedError) {
    return `The panel is rate limiting this key; try again in ${e.retryAfterSeconds} s`;
  }
  if (e instanceof PanelUnauthorizedError) {
    return `The panel at ${url} refused the API key (${e.status} ${e.detail}): check PTERODACTYL_ADMIN_API_KEY and its permissions`;
  }
  if (e instanceof PanelUnavailableError) return `The panel at ${url} could not be reached: ${e.detail}`;
  if (e instanceof PanelError) return `The panel at ${url} answered an unexpected error: ${e.detail}`;
  return `The panel check failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`;
}

export function toUser(a: RawUser): PanelUser {
  return {
    id: a.id,
    externalId: a.external_id,
    uuid: a.uuid,
    username: a.username,
    email: a.email,
    firstName: a.first_name,
    lastName: a.last_name,
    rootAdmin: a.root_admin,
    ...(a.created_at ? { createdAt: a.created_at } : {}),
  };
}

export function toServer(a: RawServer): PanelServer {
  const allocations = a.relationships?.allocations?.data?.map((x) => x.attributes) ?? [];
  const primary = allocations.find((x) => x.id === a.allocation) ?? allocations[0];
  return {
    id: a.id,
    externalId: a.external_id,
    uuid: a.uuid,
    identifier: a.identifier,
    name: a.name,
    status: a.status,
    userId: a.user,
    nodeId: a.node,
    allocationId: a.allocation,
    nestId: a.nest,
    eggId: a.egg,
    limits: { memory: a.limits.memory, swap: a.limits.swap, disk: a.limits.disk, io: a.limits.io, cpu: a.limits.cpu },
    featureLimits: { ...a.feature_limits },
    ...(primary ? { address: `${primary.alias || primary.ip}:${primary.port}` } : {}),
  };
}
