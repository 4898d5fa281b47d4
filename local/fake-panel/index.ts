// The strict fake Pterodactyl panel: `startFakePanel()` for tests and the local stack.

import { randomBytes } from 'node:crypto';
import type { FakePanelFaults } from './faults.js';
import type { FakePanelOptions, FakePanelState, PanelData } from './model.js';
import { FakePanelServer } from './panel-server.js';

export { DEFAULT_FAULTS, type FakePanelFaults, prng, type RandomFaults } from './faults.js';
export type {
  AclResource,
  FakeApiKeyConfig,
  FakePanelOptions,
  FakePanelState,
  FakeRequestCounts,
  FakeRequestLogEntry,
  PanelData,
} from './model.js';
export { defaultSeed, type FakeData } from './state.js';

export interface FakePanel {
  /** Panel root, e.g. `http://127.0.0.1:41234` (the API is under `/api/application`). */
  url: string;
  /** Admin key: read & write on every resource. */
  apiKey: string;
  /** Read-only key on every resource (for ACL tests). */
  readOnlyApiKey: string;
  readonly faults: Readonly<FakePanelFaults>;
  setFaults(faults: Partial<FakePanelFaults>): void;
  clearFaults(): void;
  state(): FakePanelState;
  /** The rows (password hashes included) and id sequences: what `startFakePanel({ data })` starts from. */
  exportData(): PanelData;
  login(user: string, password: string): boolean;
  /** Ends a pending install now (as Wings would report it). */
  completeInstall(serverId: number, outcome?: 'success' | 'fail'): void;
  /** Back to the seed, no faults, empty request log. */
  reset(): void;
  close(): Promise<void>;
}

/** A valid-looking application key: `ptla_` + 11-character identifier + 32-character secret (48 chars). */
export function randomApiKey(): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(43);
  return `ptla_${Array.from(bytes, (b) => chars[b % chars.length]).join('')}`;
}

export async function startFakePanel(options: FakePanelOptions = {}): Promise<FakePanel> {
  const apiKey = options.apiKey ?? randomApiKey();
  const readOnlyApiKey = options.readOnlyApiKey ?? randomApiKey();
  for (const k of [apiKey, readOnlyApiKey]) {
    if (!/^ptla_[A-Za-z0-9]{43}$/.test(k)) throw new Error('fake panel keys must be ptla_ + 43 letters or digits');
  }
  const server = new FakePanelServer(options, apiKey, readOnlyApiKey);
  const url = await server.listen();
  return {
    url,
    apiKey,
    readOnlyApiKey,
    get faults() {
      return server.faults;
    },
    setFaults: (f) => server.setFaults(f),
    clearFaults: () => server.clearFaults(),
    state: () => server.state(),
    exportData: () => server.exportData(),
    login: (user, password) => server.login(user, password),
    completeInstall: (id, outcome) => server.completeInstall(id, outcome),
    reset: () => server.reset(),
    close: () => server.close(),
  };
}
