// EnsureServer and CheckInstall: the order's one server, and the wait until the panel has installed it.

import { errorNameOf, RATE_LIMIT_ERRORS, TRANSIENT_PANEL_ERRORS } from '../../domain/error-names.js';
import { FIRST_POLL_SECONDS, nextPollSeconds, waitsInside } from '../../domain/install-polling.js';
import type { Package } from '../../domain/packages.js';
import {
  latestUnsettledCreate,
  type ProvisioningDeps,
  provisioningOrder,
  type TaskInput,
  wallClock,
} from './context.js';
import {
  InstallNotReadyError,
  InstallTimeoutError,
  PackageNotConfiguredError,
  ServerInstallFailedError,
} from './errors.js';

export interface EnsureServerOutput {
  serverId: number;
  identifier: string;
  installDeadline: string;
  /**
   * Seconds to wait before the first install check: read only by executions started before CheckInstall
   * waited by retry (their PlanInstallCheck). Remove with `waitsByRetry`.
   */
  pollSeconds: number;
}

export async function ensureServer(
  deps: ProvisioningDeps,
  input: TaskInput & { userId: number },
): Promise<EnsureServerOutput> {
  const order = await provisioningOrder(deps, input, 'EnsureServer');
  const base = deps.catalogue.find((p) => p.id === order.packageId);
  if (!base) throw new PackageNotConfiguredError(order.packageId);
  // Build what was sold: the order's resources, the package's current egg and placement.
  const pkg: Package = { ...base, resources: order.resources };
  // Before the create: a create the client gives up on may land later, and Rollback must know to wait. An
  // earlier try's create that never settled (no answer, or the task died) stays on record: this try
  // succeeding does not stop that one from landing.
  const p = order.provisioning;
  const unsettled = latestUnsettledCreate(p);
  await deps.orders.recordProvisioning(order.id, input.attempt, {
    serverCreateAt: wallClock().toISOString(),
    serverCreateSettled: false,
    ...(unsettled ? { serverCreateUnsettledAt: unsettled } : {}),
  });
  const { server, created } = await deps.panel
    .ensureServer({
      externalId: order.id,
      name: `${order.packageName} ${order.id}`,
      description: `Spawnpoint order ${order.id} for ${order.customerName ?? 'customer'} (+${order.customerId})`,
      userId: input.userId,
      pkg,
      // The order's first create (no earlier try recorded one): no lookup before it.
      likelyNew: p.serverCreateAt === undefined,
    })
    .catch(async (e: unknown) => {
      // The panel answered no: nothing can land later. A timeout or 5xx stays unsettled for Rollback.
      if (!createMayHaveLanded(e))
        await deps.orders.recordProvisioning(order.id, input.attempt, { serverCreateSettled: true });
      throw e;
    });
  await deps.orders.recordProvisioning(order.id, input.attempt, {
    serverCreateSettled: true,
    serverId: server.id,
    serverIdentifier: server.identifier,
    ...(server.address ? { serverAddress: server.address } : {}),
  });
  deps.log.info('Panel server ready', { orderId: order.id, serverId: server.id, created });
  const deadline = new Date(deps.clock.now().getTime() + deps.installTimeoutSeconds * 1000);
  return {
    serverId: server.id,
    identifier: server.identifier,
    installDeadline: deadline.toISOString(),
    pollSeconds: Math.ceil(nextPollSeconds(0, deps.installPollSeconds)),
  };
}

/** CheckInstall's input: the server, and the deadline EnsureServer set. */
export interface CheckInstallInput extends TaskInput {
  serverId: number;
  installDeadline: string;
  /**
   * Set only by the definition that retried InstallNotReadyError (before the install watch): its executions
   * still running or redriven wait inside this task while the install is young. Without it (every look of
   * the install watch, and executions of the Wait-and-Choice definition before that) one look answers
   * `installed`, or `installed: false` and the next wait. Remove once no execution of that definition can be
   * running or be redriven (14 days after the last one ended).
   */
  waitsByRetry?: boolean;
  /**
   * The install watch's schedule so far (shared/app/provisioning/install-watch.ts): the seconds its looks
   * were delayed in all, the first one's included. The install is at least this old even where the clock says less
   * (the local stack runs the waits faster than its clock).
   */
  waitedSeconds?: number;
}

/**
 * Looks at the install until it is done, has failed or is past its deadline. A young install (under
 * WAIT_INSIDE_SECONDS) is looked at again inside this invocation, after a fifth of its age; an older one
 * once, and "not yet" is InstallNotReadyError, which the state machine retries with the same growing wait
 * (shared/domain/install-polling.ts says why). A panel that cannot answer right now (down, busy, rate
 * limited) means "not known yet": the install deadline alone decides when to give up.
 */
export async function checkInstall(
  deps: ProvisioningDeps,
  input: CheckInstallInput,
): Promise<{ installed: boolean; nextPollSeconds?: number }> {
  const deadline = new Date(input.installDeadline).getTime();
  // The install began when the deadline was set, INSTALL_TIMEOUT_SECONDS before it.
  const began = deadline - deps.installTimeoutSeconds * 1000;
  const sleep = deps.installPollSleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = deps.clock.now().getTime();
  let slept = 0;
  // By the clock, or by the waits slept here when they run faster than it (the local stack's time scale).
  const scheduled = began + (input.waitedSeconds ?? 0) * 1000;
  const age = () => Math.max(deps.clock.now().getTime(), started + slept, scheduled) - began;
  const wait = async (ms: number) => {
    await sleep(ms);
    slept += ms;
  };
  const firstLook = Math.min(FIRST_POLL_SECONDS, deps.installPollSeconds) * 1000 - age();
  if (input.waitsByRetry && firstLook > 0) await wait(firstLook);
  for (;;) {
    // A watch's look may come late (a duplicated message): it moves the step forward only.
    await provisioningOrder(deps, input, 'WaitForInstall', ['EnsureUser', 'EnsureServer', undefined]);
    const state = await lookAtInstall(deps, input);
    if (state === 'installed') return { installed: true };
    if (state === 'failed') throw new ServerInstallFailedError(input.serverId);
    if (deps.clock.now().getTime() > deadline)
      throw new InstallTimeoutError(input.serverId, deps.installTimeoutSeconds);
    const ageMs = age();
    const next = nextPollSeconds(ageMs, deps.installPollSeconds);
    // Whole seconds (SQS delays and Wait states), rounded down so a look never comes later than the 20 % rule.
    if (!input.waitsByRetry) return { installed: false, nextPollSeconds: Math.floor(next) };
    if (!waitsInside(ageMs)) throw new InstallNotReadyError(input.serverId, ageMs / 1000);
    await wait(next * 1000);
  }
}

/** The panel's word on the install, or `unknown` when it cannot answer right now. */
async function lookAtInstall(
  deps: ProvisioningDeps,
  input: CheckInstallInput,
): Promise<'installed' | 'failed' | 'installing' | 'unknown'> {
  try {
    return await deps.panel.installState(input.serverId);
  } catch (e) {
    if (!panelMayAnswerLater(e)) throw e;
    deps.log.warn('Install state unknown for now (panel unavailable)', {
      orderId: input.orderId,
      error: errorNameOf(e),
    });
    return 'unknown';
  }
}

/** Down, failing or busy: a read may well answer next time. */
function panelMayAnswerLater(e: unknown): boolean {
  const name = errorNameOf(e);
  return name !== undefined && [...TRANSIENT_PANEL_ERRORS, ...RATE_LIMIT_ERRORS].includes(name);
}

/** No answer, a 5xx, or a failure of our own mid-call: the create may have been applied all the same. */
function createMayHaveLanded(e: unknown): boolean {
  const name = errorNameOf(e);
  return name === undefined || TRANSIENT_PANEL_ERRORS.includes(name);
}
