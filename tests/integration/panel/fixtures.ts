// Shared set-up for the panel client tests: a strict fake panel over HTTP and a client pointed at it.

import { type FakePanel, type FakePanelOptions, startFakePanel } from '../../../local/fake-panel/index.js';
import { DEFAULT_TIER_RESOURCES, type Package } from '../../../shared/domain/packages.js';
import { PterodactylPanel } from '../../../shared/panel/pterodactyl.js';
import type { PterodactylPanelOptions } from '../../../shared/panel/types.js';

export const EMAIL_DOMAIN = 'players.example.com';

export function paperPackage(overrides: Partial<Package> = {}): Package {
  return {
    id: 'bronze',
    name: 'Bronze',
    resources: { ...DEFAULT_TIER_RESOURCES.bronze },
    nestId: 1,
    eggId: 1,
    placement: { kind: 'locations', locationIds: [1] },
    portRange: [],
    environment: {},
    oomDisabled: true,
    periodDays: 30,
    ...overrides,
  };
}

export interface Harness {
  fake: FakePanel;
  client: (overrides?: Partial<PterodactylPanelOptions>) => PterodactylPanel;
  close: () => Promise<void>;
}

/** Starts a fake panel; `client()` builds clients against it that are closed with the harness. */
export async function startHarness(options: FakePanelOptions = {}): Promise<Harness> {
  const fake = await startFakePanel({ faults: { installDelayMs: 50 }, ...options });
  const clients: PterodactylPanel[] = [];
  return {
    fake,
    client: (overrides = {}) => {
      const c = new PterodactylPanel({
        baseUrl: fake.url,
        apiKey: async () => fake.apiKey,
        emailDomain: EMAIL_DOMAIN,
        ...overrides,
      });
      clients.push(c);
      return c;
    },
    close: async () => {
      for (const c of clients) c.close();
      await fake.close();
    },
  };
}

/** A raw Application API call, for arranging state the client would never create itself. */
export async function api(
  fake: FakePanel,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: the panel's JSON, read freely by the tests
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${fake.url}/api/application${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${fake.apiKey}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
