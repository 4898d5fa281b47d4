// A batch must never be cut off by the Lambda timeout in the middle of a record: a cut-off inbox record
// would stay marked as processed and be dropped on redelivery, a cut-off outbox batch would resend what it
// had already sent. Before each record the workers check the time left; when it runs low, the record (and
// so the rest of the batch) is reported failed untouched and comes back after the visibility timeout.

import type { Context } from 'aws-lambda';
import { ErrorName } from '../shared/domain/error-names.js';

export class OutOfTimeError extends Error {
  constructor(remainingMs: number) {
    super(`Only ${remainingMs} ms left in this invocation; leaving the record for the next one`);
    this.name = ErrorName.OutOfTime;
  }
}

/** Throws OutOfTimeError when the invocation has less than `reserveMs` left (no context: never). */
export function ensureTimeFor(context: Pick<Context, 'getRemainingTimeInMillis'> | undefined, reserveMs: number): void {
  if (!context) return;
  const left = context.getRemainingTimeInMillis();
  if (left < reserveMs) throw new OutOfTimeError(left);
}
