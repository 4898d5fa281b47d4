// The provisioning tasks' own errors. Their names (shared/domain/error-names.ts) are what the state machine
// retries or catches.

import { ErrorName } from '../../domain/error-names.js';
import type { Order } from '../../domain/order.js';
import type { TaskInput } from './context.js';

/** The execution no longer matches the order (another attempt, or already finished): stop, touch nothing. */
export class StaleExecutionError extends Error {
  constructor(input: TaskInput, order?: Order) {
    super(
      order
        ? `Order ${input.orderId} is ${order.status} at attempt ${order.attempts}; this execution is attempt ${input.attempt}`
        : `Order ${input.orderId} does not exist`,
    );
    this.name = ErrorName.StaleExecution;
  }
}

export class ServerInstallFailedError extends Error {
  constructor(serverId: number) {
    super(
      `The panel reports that installing server ${serverId} failed (install_failed); see the server's install log on the panel`,
    );
    this.name = ErrorName.ServerInstallFailed;
  }
}

export class InstallTimeoutError extends Error {
  constructor(serverId: number, seconds: number) {
    super(`Server ${serverId} was still installing after ${seconds} s (INSTALL_TIMEOUT_SECONDS); Wings may be stuck`);
    this.name = ErrorName.InstallTimeout;
  }
}

/** Still installing: not a failure. The state machine retries CheckInstall on it, each wait a fifth longer. */
export class InstallNotReadyError extends Error {
  constructor(serverId: number, ageSeconds: number) {
    super(`Server ${serverId} is still installing after ${Math.round(ageSeconds)} s`);
    this.name = ErrorName.InstallNotReady;
  }
}

export class PackageNotConfiguredError extends Error {
  constructor(packageId: string) {
    super(`Package ${packageId} is not in the catalogue any more (${packageId.toUpperCase()}_ENABLED or its settings)`);
    this.name = ErrorName.PackageNotConfigured;
  }
}

/** Credentials could not be delivered and retrying will not help; the execution stops at DeliverCredentials. */
export class CredentialsUndeliverableError extends Error {
  constructor(code: string, detail: string) {
    super(`The credentials message was refused (${code}): ${detail}`);
    this.name = ErrorName.CredentialsUndeliverable;
  }
}

/** Another try (of this order, or of another order of the customer) is delivering: try again later. */
export class DeliveryBusyError extends Error {
  constructor(orderId: string, what: string) {
    super(`${what} is being delivered by another try; ${orderId} waits for it`);
    this.name = ErrorName.DeliveryBusy;
  }
}
