// Pre-flight (can this package be built right now?) and health (can this key do its job?), with reasons
// an admin can act on.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, paperPackage, startHarness } from './fixtures.js';

let h: Harness;
beforeEach(async () => {
  if (!h) h = await startHarness({ extraKeys: [{ key: `ptla_${'n'.repeat(43)}`, acl: { users: 3, nodes: 1 } }] });
  h.fake.reset();
});
afterAll(async () => h?.close());

describe('preflight', () => {
  it('passes for a package the panel can build', async () => {
    // Act
    const result = await h.client().preflight(paperPackage());

    // Assert
    expect(result).toEqual({ ok: true, reasons: [], warnings: [] });
  });

  it('names a required egg variable without a value and the setting that fills it', async () => {
    // Act
    const result = await h.client().preflight(paperPackage({ id: 'gold', nestId: 2, eggId: 2 }));

    // Assert
    expect(result.ok).toBe(false);
    expect(result.reasons).toEqual([expect.stringMatching(/RCON_PASS.*required.*set GOLD_ENV_RCON_PASS/)]);
  });

  it('passes the same egg once the variable is set, and warns about overrides the egg does not have', async () => {
    // Act
    const result = await h
      .client()
      .preflight(
        paperPackage({ nestId: 2, eggId: 2, environment: { RCON_PASS: 'secret.pass', SERVER_JARFILE: 'x.jar' } }),
      );

    // Assert
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.stringContaining('BRONZE_ENV_SERVER_JARFILE matches no variable')]);
  });

  it('reports a value that breaks the variable rule without showing the value', async () => {
    // Act
    const result = await h.client().preflight(paperPackage({ environment: { SERVER_JARFILE: 'not a jar' } }));

    // Assert
    expect(result.reasons).toEqual([expect.stringContaining('SERVER_JARFILE does not match its rule')]);
    expect(result.reasons.join()).not.toContain('not a jar');
  });

  it('names a missing egg with the settings to fix', async () => {
    // Act
    const result = await h.client().preflight(paperPackage({ eggId: 5 }));

    // Assert
    expect(result.reasons).toContain('Egg 5 in nest 1 does not exist on the panel (BRONZE_EGG_ID / BRONZE_NEST_ID)');
  });

  it('rejects a docker image the panel would refuse', async () => {
    // Act
    const result = await h.client().preflight(paperPackage({ dockerImage: 'ghcr.io/x/y:tag;rm -rf' }));

    // Assert
    expect(result.reasons).toEqual([expect.stringContaining('BRONZE_DOCKER_IMAGE')]);
  });

  it('says when no node has room for the package', async () => {
    // Arrange
    const huge = paperPackage({ resources: { ...paperPackage().resources, memoryMiB: 10_000_000 } });

    // Act
    const result = await h.client().preflight(huge);

    // Assert
    expect(result.reasons).toEqual([expect.stringMatching(/No public node in location\(s\) 1 has room for Bronze/)]);
  });

  it('says when the nodes with room have no free port in the range', async () => {
    // Act
    const result = await h.client().preflight(paperPackage({ portRange: ['27015'] }));

    // Assert
    expect(result.reasons).toEqual([expect.stringContaining('no free allocation in ports 27015')]);
  });

  it('checks a fixed node exists and has a free allocation', async () => {
    // Act
    const missing = await h.client().preflight(paperPackage({ placement: { kind: 'node', nodeId: 7 } }));
    const fine = await h.client().preflight(paperPackage({ placement: { kind: 'node', nodeId: 2 } }));

    // Assert
    expect(missing.reasons).toEqual(['Node 7 does not exist on the panel (BRONZE_NODE_ID)']);
    expect(fine.ok).toBe(true);
  });

  it('says when the panel cannot be reached', async () => {
    // Arrange
    h.fake.setFaults({ unavailable: true });

    // Act
    const result = await h.client().preflight(paperPackage());

    // Assert
    expect(result.ok).toBe(false);
    expect(result.reasons).toEqual([expect.stringContaining('could not be reached')]);
  });

  it('says it could not check when the panel is rate limiting, without calling that a failure', async () => {
    h.fake.setFaults({ rateLimitPerMinute: 1 });
    await h
      .client()
      .health()
      .catch(() => undefined);
    const result = await h.client().preflight(paperPackage());
    expect(result).toMatchObject({ ok: true, reasons: [], skipped: expect.stringContaining('rate limiting') });
  });
});

describe('health', () => {
  it('reports latency and read/write for an admin key, writing nothing', async () => {
    // Arrange
    const before = h.fake.state();

    // Act
    const health = await h.client().health();

    // Assert
    expect(health.ok).toBe(true);
    expect(health.url).toBe(`${h.fake.url}/api/application`);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.permissions).toMatchObject({
      users: 'write',
      servers: 'write',
      allocations: 'write',
      nodes: 'read',
      eggs: 'read',
    });
    const after = h.fake.state();
    expect([after.users, after.servers, after.allocations]).toEqual([before.users, before.servers, before.allocations]);
  });

  it('reports what a limited key may not do', async () => {
    // Act
    const health = await h.client({ apiKey: async () => `ptla_${'n'.repeat(43)}` }).health();

    // Assert
    expect(health.ok).toBe(false);
    expect(health.permissions).toMatchObject({ users: 'write', servers: 'none', nests: 'none', nodes: 'read' });
    expect(health.error).toContain('write on servers');
  });

  it('reports a read-only key as unable to provision', async () => {
    // Act
    const health = await h.client({ apiKey: async () => h.fake.readOnlyApiKey }).health();

    // Assert
    expect(health.ok).toBe(false);
    expect(health.permissions.users).toBe('read');
    expect(health.writeProbed).toContain('users');
  });

  it('reports a wrong key and an unreachable panel', async () => {
    // Act
    const wrong = await h.client({ apiKey: async () => `ptla_${'w'.repeat(43)}` }).health();
    const down = await h.client({ baseUrl: 'http://127.0.0.1:9' }).health();

    // Assert
    expect(wrong).toMatchObject({ ok: false, error: expect.stringContaining('refused the API key') });
    expect(wrong.error).not.toContain('w'.repeat(20));
    expect(down).toMatchObject({ ok: false, error: expect.stringContaining('could not be reached') });
  });
});
