// The local stack kept in a data directory (issue 19): what `npm start` keeps across a restart, checked in
// one process (fast; start-restart.test.ts checks the same through real `npm start` processes). A restart
// keeps the orders, the panel's users and their passwords, the panel's port, the fake Graph API's messages
// and the clock; an order whose execution a stop cut short is started again and completes.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskName } from '../../../functions/provisioning/tasks.js';
import { assertDataDirFree, clearDataDir, DataDir } from '../../../local/store.js';
import {
  confirm,
  messagesTo,
  newCustomer,
  order,
  passwordIn,
  placeOrder,
  startTestStack,
  type TaskHook,
  type TestStack,
  tasksWithHooks,
  usernameIn,
} from '../../support/harness.js';

const DAY_MS = 86_400_000;
const dataDir = mkdtempSync(join(tmpdir(), 'spawnpoint-kept-'));
let hooks: Partial<Record<TaskName, TaskHook>> = {};
/** Runs before a lifecycle task's real handler (by state name). */
let lifecycleHooks: Record<string, () => Promise<void>> = {};
const start = () =>
  startTestStack({
    dataDir,
    wrapTasks: tasksWithHooks(() => hooks),
    wrapLifecycleTasks: (tasks) =>
      Object.fromEntries(
        Object.entries(tasks).map(([name, fn]) => [
          name,
          async (input: Parameters<typeof fn>[0]) => {
            await lifecycleHooks[name]?.();
            return fn(input);
          },
        ]),
      ) as typeof tasks,
  });
let stack: TestStack | undefined;

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The username and password of the credentials message sent to `customer`. */
function credentialsOf(s: TestStack, customer: string): { username: string; password: string } {
  const text = messagesTo(s, customer).find((t) => passwordIn(t));
  expect(text, 'a credentials message').toBeDefined();
  return { username: usernameIn(text!)!, password: passwordIn(text!)! };
}

describe('a stack kept in a data directory', () => {
  const customer = newCustomer();
  let orderId = '';
  let panelUrl = '';
  let login = { username: '', password: '' };

  it('runs an order to completion and moves the clock, as in memory', async () => {
    stack = await start();
    orderId = await placeOrder(stack, customer);
    await confirm(stack, orderId);
    await stack.settle();
    expect((await order(stack, orderId)).status).toBe('COMPLETED');
    login = credentialsOf(stack, customer);
    panelUrl = stack.panel!.url;
    await stack.clock.advance(3 * DAY_MS);
    await stack.stop();
    stack = undefined;
  });

  it('keeps the order, the panel login, its address, the messages and the clock after a restart', async () => {
    stack = await start();
    expect((await order(stack, orderId)).status).toBe('COMPLETED');
    expect(stack.panel!.url).toBe(panelUrl);
    expect(stack.panel!.login(login.username, login.password)).toBe(true);
    expect(stack.panel!.login(login.username, 'not-the-password')).toBe(false);
    expect(stack.panel!.state().servers.filter((s) => s.external_id === orderId)).toHaveLength(1);
    expect(credentialsOf(stack, customer)).toEqual(login);
    expect(stack.clock.offsetMs()).toBe(3 * DAY_MS);
    // A second npm start on the same directory is refused while this one has it (and --fresh deletes nothing).
    await expect(assertDataDirFree(dataDir)).rejects.toThrow(/is in use by another npm start/);
  });

  it('starts again an order whose execution the stop cut short (after the server was made), once', async () => {
    const second = newCustomer();
    let release: () => void = () => {};
    hooks = { DeliverCredentials: () => new Promise<void>((r) => (release = r)) };
    const id = await placeOrder(stack!, second);
    await stack!.say('15550105678', `!order-confirm ${id}`, 'Ana Admin');
    // Never settled while the execution waits: settle() drives the queues until it gives up.
    await stack!.settle(2_000).catch(() => undefined);
    await expect
      .poll(() => stack!.sfn.list().find((e) => e.orderId === id)?.currentState, { timeout: 15_000 })
      .toBe('DeliverCredentials');
    await stack!.stop();
    stack = undefined;
    hooks = {};
    release();

    stack = await start();
    expect(stack.logs.some((l) => l.message === 'Provisioning started again after a restart')).toBe(true);
    await stack.settle();
    const o = await order(stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(stack.panel!.state().servers.filter((s) => s.external_id === id)).toHaveLength(1);
    const { username, password } = credentialsOf(stack, second);
    expect(stack.panel!.login(username, password)).toBe(true);
  });

  it('starts again a lifecycle action the stop cut short (the suspension of an unpaid server)', async () => {
    let release: () => void = () => {};
    lifecycleHooks = { CallPanel: () => new Promise<void>((r) => (release = r)) };
    // Well past the paid period: the sweep claims the suspension and its execution waits at CallPanel.
    const moving = stack!.clock.advance(45 * DAY_MS).catch(() => undefined);
    await expect
      .poll(() => stack!.lifecycleSfn.list().find((e) => e.orderId === orderId)?.currentState, { timeout: 15_000 })
      .toBe('CallPanel');
    expect((await order(stack!, orderId)).service?.action?.kind).toBe('SUSPEND');
    await stack!.stop();
    await moving;
    stack = undefined;
    lifecycleHooks = {};
    release();

    stack = await start();
    expect(stack.logs.some((l) => l.message === 'Lifecycle action started again after a restart')).toBe(true);
    await stack.settle();
    const service = (await order(stack, orderId)).service!;
    expect(service.action).toBeUndefined();
    expect(service.state).toBe('SUSPENDED');
    expect(stack.panel!.state().servers.find((s) => s.external_id === orderId)?.status).toBe('suspended');
  });

  it('keeps its files write-through, and clearing them starts empty', async () => {
    const kept = new DataDir(dataDir);
    // The panel's rows are on disk already, password hashes and all (written after each change).
    const panel = JSON.parse(readFileSync(kept.path('panel'), 'utf8')) as { data: { users: { username: string }[] } };
    expect(panel.data.users.map((u) => u.username)).toContain(login.username);
    await stack!.stop();
    stack = undefined;
    expect(clearDataDir(dataDir).sort()).toEqual(['clock.json', 'dynamodb', 'graph.jsonl', 'panel.json']);
    stack = await start();
    expect((await stack.app.inbox.orders.listByStatus('COMPLETED', 10)).items).toHaveLength(0);
    expect(stack.panel!.state().users.map((u) => u.username)).toEqual(['admin']);
    expect(stack.graph!.messages()).toHaveLength(0);
    expect(stack.clock.offsetMs()).toBe(0);
  });
});
