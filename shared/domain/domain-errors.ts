// Typed errors of the domain. Names end in `Error`; the state machine and the handlers match on `name`.

import { ErrorName } from './error-names.js';
export class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Set explicitly by each subclass too: a minified bundle renames classes, and names are matched on.
    this.name = ErrorName.Domain;
  }
}

/** A lifecycle transition that the order's current status does not allow. Never written, never silent. */
export class IllegalTransitionError extends DomainError {
  constructor(
    readonly orderId: string,
    readonly from: string,
    readonly event: string,
  ) {
    super(`Order ${orderId} cannot ${event} while ${from}`);
    this.name = ErrorName.IllegalTransition;
  }
}

/** Configuration that cannot run: names every problem at once. */
export class ConfigError extends DomainError {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`,
    );
    this.name = ErrorName.Config;
  }
}

/** Outbound content that the Cloud API would refuse (too long, too many buttons, ...). */
export class MessageLimitError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = ErrorName.MessageLimit;
  }
}
