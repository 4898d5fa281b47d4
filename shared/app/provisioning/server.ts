// EnsureServer and CheckInstall: the order's one server, and the wait until the panel has installed it.

import { errorNameOf, RATE_LIMIT_ERRORS, TRANSIENT_PANEL_ERRORS } from '../../domain/error-names.js';
import { nextPollSeconds } from '../../domain/install-polling.js';
import type { Package } from '../../domain/packages.js';
import {
  latestUnsettledCreate,
  type ProvisioningDeps,
  provisioningOrder,
  type TaskInput,
  wallClock,
} from './context.js';
import { InstallTimeoutError, PackageNotConfiguredError, ServerInstallFailedError } from './errors.js';

export interface EnsureServerOutput {
  serverId: number;
  identifier: string;
  installDeadline: string;
  /** Seconds to wait before the first install check. */
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
    // The first wait before looking at the install (the state machine's WaitForInstall reads it).
    pollSeconds: nextPollSeconds(0, deps.installPollSeconds),
  };
}

/**
 * One look at the install. It only reads, so a panel that cannot answer right now (down, busy, rate
 * limited) means "not known yet": the loop goes on, and the install deadline alone decides when to give up.
 */
export async function checkInstall(
  deps: ProvisioningDeps,
  input: TaskInput & { serverId: number; installDeadline: string },
): Promise<{ installed: boolean; nextPollSeconds: number }> {
  await provisioningOrder(deps, input, 'WaitForInstall');
  const pastDeadline = () => deps.clock.now() > new Date(input.installDeadline);
  // The install began when the deadline was set, INSTALL_TIMEOUT_SECONDS before it.
  const began = new Date(input.installDeadline).getTime() - deps.installTimeoutSeconds * 1000;
  const next = nextPollSeconds(deps.clock.now().getTime() - began, deps.installPollSeconds);
  let state: Awaited<ReturnType<ProvisioningDeps['panel']['installState']>>;
  try {
    state = await deps.panel.installState(input.serverId);
  } catch (e) {
    if (!panelMayAnswerLater(e)) throw e;
    deps.log.warn('Install state unknown for now (panel unavailable)', {
      orderId: input.orderId,
      error: errorNameOf(e),
    });
    if (pastDeadline()) throw new InstallTimeoutError(input.serverId, deps.installTimeoutSeconds);
    return { installed: false, nextPollSeconds: next };
  }
  if (state === 'installed') return { installed: true, nextPollSeconds: next };
  if (state === 'failed') throw new ServerInstallFailedError(input.serverId);
  if (pastDeadline()) throw new InstallTimeoutError(input.serverId, deps.installTimeoutSeconds);
  return { installed: false, nextPollSeconds: next };
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
