// ensureServer, installState and rollback against the strict fake panel, including the failures a
// provisioning run must survive: a lost create answer, Wings down, no room, a concurrent duplicate.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PanelNoCapacityError, PanelRejectedError, PanelUnavailableError } from '../../../shared/panel/panel-errors.js';
import type { PterodactylPanel } from '../../../shared/panel/pterodactyl.js';
import { api, type Harness, paperPackage, sleep, startHarness } from './fixtures.js';

let h: Harness;
let panel: PterodactylPanel;
let userId: number;

beforeEach(async () => {
  if (!h) h = await startHarness();
  h.fake.reset();
  panel = h.client();
  userId = (await panel.ensureUser({ key: '15550101234', displayName: 'Ana' })).user.id;
});
afterAll(async () => h?.close());

const order = (id: string, pkg = paperPackage()) => ({ externalId: id, name: `Bronze ${id}`, userId, pkg });

describe('ensureServer', () => {
  it('creates a server with the full egg environment, all limits and an address', async () => {
    // Act
    const { server, created } = await panel.ensureServer(order('ORD-1'));

    // Assert
    expect(created).toBe(true);
    expect(server.externalId).toBe('ORD-1');
    expect(server.status).toBe('installing');
    expect(server.address).toMatch(/^127\.0\.0\.[12]:255\d\d$/);
    const row = h.fake.state().servers.find((s) => s.id === server.id);
    expect(row?.variables).toEqual({
      SERVER_JARFILE: 'server.jar',
      MINECRAFT_VERSION: 'latest',
      BUILD_NUMBER: 'latest',
    });
    expect(row).toMatchObject({ memory: 1024, disk: 5120, io: 500, cpu: 100, database_limit: 1, backup_limit: 1 });
    expect(row?.image).toBe('ghcr.io/pterodactyl/yolks:java_21');
  });

  it('applies package overrides to the egg environment', async () => {
    // Arrange
    const pkg = paperPackage({
      environment: { MINECRAFT_VERSION: '1.21.1' },
      dockerImage: 'ghcr.io/pterodactyl/yolks:java_17',
    });

    // Act
    const { server } = await panel.ensureServer(order('ORD-ENV', pkg));

    // Assert
    const row = h.fake.state().servers.find((s) => s.id === server.id);
    expect(row?.variables.MINECRAFT_VERSION).toBe('1.21.1');
    expect(row?.image).toBe('ghcr.io/pterodactyl/yolks:java_17');
  });

  it('run twice with the same order id, it leaves one server and says the second run created nothing', async () => {
    // Arrange
    const first = await panel.ensureServer(order('ORD-2'));

    // Act
    const second = await h.client().ensureServer(order('ORD-2'));

    // Assert
    expect(second.created).toBe(false);
    expect(second.server.id).toBe(first.server.id);
    expect(h.fake.state().servers).toHaveLength(1);
  });

  it('run concurrently for one order, it still leaves one server', async () => {
    // Act
    const results = await Promise.all([
      h.client().ensureServer(order('ORD-3')),
      h.client().ensureServer(order('ORD-3')),
    ]);

    // Assert
    expect(new Set(results.map((r) => r.server.id)).size).toBe(1);
    expect(h.fake.state().servers).toHaveLength(1);
  });

  it('when the answer is lost after the panel created the server, it finds it instead of creating another', async () => {
    // Arrange
    h.fake.setFaults({ loseCreateResponse: 1 });

    // Act
    const { server, created } = await panel.ensureServer(order('ORD-LOST'));

    // Assert
    expect(created).toBe(true);
    expect(server.externalId).toBe('ORD-LOST');
    expect(h.fake.state().servers).toHaveLength(1);
    expect(h.fake.state().requests.some((r) => r.status === 'lost')).toBe(true);
  });

  it('when the create times out after the panel created the server, it finds it', async () => {
    // Arrange
    h.fake.setFaults({ loseCreateResponse: { count: 1, mode: 'stall' } });
    const impatient = h.client({ timeouts: { createServerMs: 300 } });

    // Act
    const { server, created } = await impatient.ensureServer(order('ORD-STALL'));

    // Assert
    expect(created).toBe(true);
    expect(h.fake.state().servers.map((s) => s.id)).toEqual([server.id]);
  });

  it('when Wings is down, it throws a retryable error and leaves no server', async () => {
    // Arrange
    h.fake.setFaults({ wingsDown: true });

    // Act
    const result = panel.ensureServer(order('ORD-WINGS'));

    // Assert
    await expect(result).rejects.toBeInstanceOf(PanelUnavailableError);
    await expect(result).rejects.toMatchObject({ status: 504, code: 'DaemonConnectionException' });
    expect(h.fake.state().servers).toHaveLength(0);
    expect(h.fake.state().allocations.every((a) => a.server_id === null)).toBe(true);
  });

  it('reports no viable node as a no-capacity error', async () => {
    // Arrange
    h.fake.setFaults({ full: true });

    // Act
    const result = panel.ensureServer(order('ORD-FULL'));

    // Assert
    await expect(result).rejects.toBeInstanceOf(PanelNoCapacityError);
    await expect(result).rejects.toMatchObject({ status: 400, code: 'NoViableNodeException' });
  });

  it('reports no free allocation in the port range as a no-capacity error', async () => {
    // Act
    const result = panel.ensureServer(order('ORD-PORTS', paperPackage({ portRange: ['30000-30010'] })));

    // Assert
    await expect(result).rejects.toMatchObject({ name: 'PanelNoCapacityError', code: 'NoViableAllocationException' });
  });

  it('places a fixed-node package on a free allocation of that node within its port range', async () => {
    // Arrange
    const pkg = paperPackage({ placement: { kind: 'node', nodeId: 2 }, portRange: ['25600-25602'] });

    // Act
    const servers = [];
    for (const id of ['N-1', 'N-2', 'N-3']) servers.push((await panel.ensureServer(order(id, pkg))).server);

    // Assert
    expect(servers.every((s) => s.nodeId === 2)).toBe(true);
    expect(servers.map((s) => s.address).sort()).toEqual(['127.0.0.2:25600', '127.0.0.2:25601', '127.0.0.2:25602']);
    await expect(panel.ensureServer(order('N-4', pkg))).rejects.toBeInstanceOf(PanelNoCapacityError);
  });

  it('rejects a package whose required egg variable has no value, naming the variable', async () => {
    // Act
    const result = panel.ensureServer(order('ORD-RUST', paperPackage({ nestId: 2, eggId: 2 })));

    // Assert
    await expect(result).rejects.toBeInstanceOf(PanelRejectedError);
    const error = (await result.catch((e: unknown) => e)) as PanelRejectedError;
    expect(error.errors).toEqual([
      {
        sourceField: 'environment.RCON_PASS',
        rule: 'required',
        detail: 'The RCON Password variable field is required.',
      },
    ]);
    expect(h.fake.state().servers).toHaveLength(0);
  });

  it('rejects a package whose egg does not exist, naming the settings to fix', async () => {
    // Act
    const result = panel.ensureServer(order('ORD-EGG', paperPackage({ eggId: 9 })));

    // Assert
    await expect(result).rejects.toThrow(
      'Egg 9 in nest 1 does not exist on the panel (BRONZE_EGG_ID / BRONZE_NEST_ID)',
    );
  });
});

describe('installState', () => {
  it('follows the install from installing to installed', async () => {
    // Arrange
    const { server } = await panel.ensureServer(order('ORD-I'));

    // Act
    const before = await panel.installState(server.id);
    await sleep(80);
    const after = await panel.installState(server.id);

    // Assert
    expect([before, after]).toEqual(['installing', 'installed']);
  });

  it('reports a failed install, and an install that never finishes stays installing', async () => {
    // Arrange
    h.fake.setFaults({ installOutcome: 'fail', installDelayMs: 0 });
    const failed = (await panel.ensureServer(order('ORD-F'))).server;
    h.fake.setFaults({ installOutcome: 'never' });
    const stuck = (await panel.ensureServer(order('ORD-N'))).server;

    // Act
    await sleep(20);
    const states = [await panel.installState(failed.id), await panel.installState(stuck.id)];

    // Assert
    expect(states).toEqual(['failed', 'installing']);
  });
});

describe('rollback', () => {
  it('deletes the order server and the user this order created', async () => {
    // Arrange
    const { user } = await panel.ensureUser({ key: '15550107777' });
    await panel.ensureServer({ ...order('ORD-R'), userId: user.id });

    // Act
    const report = await panel.rollback({ serverExternalId: 'ORD-R', userId: user.id, deleteUser: true });
    const again = await panel.rollback({ serverExternalId: 'ORD-R', userId: user.id, deleteUser: true });

    // Assert
    expect(report).toMatchObject({ server: 'deleted', user: 'deleted' });
    expect(again).toMatchObject({ server: 'absent', user: 'absent' });
    expect(h.fake.state().users.some((u) => u.id === user.id)).toBe(false);
    expect(h.fake.state().allocations.every((a) => a.server_id === null)).toBe(true);
  });

  it('leaves a pre-existing user alone', async () => {
    // Arrange: the user existed before this order
    await panel.ensureServer(order('ORD-OLD'));

    // Act
    const report = await panel.rollback({ serverExternalId: 'ORD-OLD', userId, deleteUser: false });

    // Assert
    expect(report).toMatchObject({ server: 'deleted', user: 'kept-not-ours' });
    expect(h.fake.state().users.some((u) => u.id === userId)).toBe(true);
  });

  it('keeps a user it created when the user still owns another server', async () => {
    // Arrange
    await panel.ensureServer(order('ORD-A'));
    await panel.ensureServer(order('ORD-B'));

    // Act
    const report = await panel.rollback({ serverExternalId: 'ORD-A', userId, deleteUser: true });

    // Assert
    expect(report).toMatchObject({ server: 'deleted', user: 'kept-owns-servers' });
    expect(h.fake.state().servers.map((s) => s.external_id)).toEqual(['ORD-B']);
  });

  it('force-deletes when Wings is down', async () => {
    // Arrange
    await panel.ensureServer(order('ORD-W'));
    h.fake.setFaults({ wingsDown: true });
    const direct = await api(h.fake, 'DELETE', `/servers/${h.fake.state().servers[0]?.id}`);
    expect(direct.status).toBe(504);

    // Act
    const report = await panel.rollback({ serverExternalId: 'ORD-W', userId, deleteUser: true });

    // Assert
    expect(report).toMatchObject({ server: 'force-deleted', user: 'deleted' });
    expect(h.fake.state().servers).toHaveLength(0);
    expect(h.fake.state().allocations.every((a) => a.server_id === null)).toBe(true);
  });
});

describe('metadata cache', () => {
  it('a burst of orders reads the egg once, and again after the cache time', async () => {
    // Arrange
    let now = 1_000_000;
    const cached = h.client({ now: () => now, cacheTtlMs: 60_000 });
    const eggReads = () =>
      h.fake.state().requests.filter((r) => r.path.startsWith('/api/application/nests/1/eggs/1')).length;

    // Act
    await Promise.all(['C-1', 'C-2', 'C-3'].map((id) => cached.ensureServer(order(id))));
    const inBurst = eggReads();
    now += 61_000;
    await cached.ensureServer(order('C-4'));

    // Assert
    expect(inBurst).toBe(1);
    expect(eggReads()).toBe(2);
    expect(h.fake.state().servers).toHaveLength(4);
  });
});
