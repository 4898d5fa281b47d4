// The install watch: how the provisioning execution waits for the panel to install a server without
// paying a state transition (or a sleeping Lambda) per look.
//
// The state machine's CheckInstall is an SQS send that waits for a task token (the callback pattern): it puts
// one message on the install-watch queue, delayed to the first look, and pauses. Each message is one look
// (the same checkInstall as before: the order still in this attempt, the server's status, the deadline).
// Still installing: the message is sent again, delayed a fifth of the install's age (at most
// INSTALL_POLL_SECONDS). Installed, failed, past its deadline or stale: the execution is called back with
// SendTaskSuccess or SendTaskFailure (the error's name is what its Catch sees, as when a Lambda task threw).
// A look costs an SQS send, a receive and one short invocation: a tenth of a transition
// (docs/performance.md, "The install wait").
//
// The task token is Step Functions' handle for that one paused task, not a credential: answering it needs
// states:SendTaskSuccess on this state machine, which only the watcher's role has. The watcher never logs it
// (Step Functions' own history and its log group record it with the task's parameters).

import { z } from 'zod';
import { errorNameOf } from '../../domain/error-names.js';
import type { Log } from '../ports.js';
import { PANEL_SLOT_WAIT_SECONDS } from './context.js';
import type { CheckInstallInput } from './server.js';

/** What the state machine sends and each look sends on: ids, the deadline, the schedule, the callback's token. */
export const InstallWatchMessage = z.object({
  orderId: z.string().min(1),
  attempt: z.number().int().positive(),
  serverId: z.number().int().positive(),
  installDeadline: z.string().min(1),
  /** Every delay of this watch so far, the first one's included (the install is at least this old). */
  waitedSeconds: z.number().nonnegative(),
  /** Looks so far (1 at the state machine's message). */
  look: z.number().int().positive().default(1),
  /** Looks in a row that ended in an error that is not ours (the table, the runtime): retried a few times. */
  errors: z.number().int().nonnegative().default(0),
  taskToken: z.string().min(1),
});
export type InstallWatchMessage = z.infer<typeof InstallWatchMessage>;

/** `gone`: nobody waits on that token any more (the execution ended, timed out, or was answered already). */
export type CallbackResult = 'delivered' | 'gone';

/** Step Functions' callback API (SendTaskSuccess / SendTaskFailure); locally, the local runner's. */
export interface TaskCallbacks {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<CallbackResult>;
  fail(taskToken: string, error: string, cause: string): Promise<CallbackResult>;
}

export interface InstallWatchQueue {
  /** Puts the watch back on its queue, to be received `delaySeconds` from now (0–900, whole seconds). */
  send(message: InstallWatchMessage, delaySeconds: number): Promise<void>;
}

export interface InstallWatchDeps {
  callbacks: TaskCallbacks;
  queue: InstallWatchQueue;
  log: Log;
  /** One look: the provisioning task CheckInstall without `waitsByRetry` (tests wrap it by that name). */
  look: (input: CheckInstallInput) => Promise<{ installed: boolean; nextPollSeconds?: number }>;
}

/** A look that failed with an error that is not ours is tried again this soon, this many times in a row. */
export const WATCH_ERROR_RETRY_SECONDS = 10;
export const WATCH_MAX_ERRORS = 5;
/** The watcher's Lambda timeout: a look may wait its turn in the panel budget, then reads and sends on. */
export const WATCHER_TIMEOUT_SECONDS = PANEL_SLOT_WAIT_SECONDS + 60;
/** SQS's longest delay. */
const MAX_DELAY_SECONDS = 900;

/**
 * CheckInstall's timeout: past the install deadline, a last look may still come one poll later and wait for
 * its panel slot; only a lost watch runs into it.
 */
export function watchTimeoutSeconds(installTimeoutSeconds: number, installPollSeconds: number): number {
  return installTimeoutSeconds + installPollSeconds + WATCHER_TIMEOUT_SECONDS;
}

export type WatchOutcome = 'installed' | 'failed' | 'watching' | 'gone';

/**
 * One look at one install, and what follows from it: a callback, or the next message. Throws when the next
 * message cannot be sent, or the callback was refused WATCH_MAX_ERRORS times in a row (SQS then delivers
 * this one again after its visibility timeout, and after 5 receives puts it in the DLQ).
 */
export async function watchInstall(deps: InstallWatchDeps, message: InstallWatchMessage): Promise<WatchOutcome> {
  const { orderId, attempt, serverId, installDeadline, waitedSeconds } = message;
  const ids = { orderId, attempt, serverId, look: message.look };
  let result: { installed: boolean; nextPollSeconds?: number };
  try {
    result = await deps.look({ orderId, attempt, serverId, installDeadline, waitedSeconds });
  } catch (e) {
    const name = errorNameOf(e);
    if (name === undefined && message.errors + 1 < WATCH_MAX_ERRORS) {
      deps.log.warn('Install look failed; looking again soon', {
        ...ids,
        error: e instanceof Error ? e.name : 'Error',
      });
      return again(deps, { ...message, errors: message.errors + 1 }, WATCH_ERROR_RETRY_SECONDS);
    }
    // Ours (install failed, deadline, stale, a panel refusal) or persistent: the execution's Catch decides.
    const error = name ?? (e instanceof Error ? e.name : 'Error');
    const cause = e instanceof Error ? e.message : String(e);
    return callback(deps, message, 'failed', () => deps.callbacks.fail(message.taskToken, error, cause));
  }
  if (result.installed) {
    return callback(deps, message, 'installed', () =>
      deps.callbacks.succeed(message.taskToken, { installed: true, looks: message.look }),
    );
  }
  return again(deps, { ...message, errors: 0 }, result.nextPollSeconds ?? WATCH_ERROR_RETRY_SECONDS);
}

async function again(deps: InstallWatchDeps, message: InstallWatchMessage, seconds: number): Promise<WatchOutcome> {
  const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.floor(seconds)));
  await deps.queue.send({ ...message, look: message.look + 1, waitedSeconds: message.waitedSeconds + delay }, delay);
  return 'watching';
}

/**
 * Answers the paused task. If Step Functions cannot take the answer right now (throttled, unreachable), the
 * watch looks again a little later and answers then (the look gives the same answer), at most
 * WATCH_MAX_ERRORS times in a row.
 */
async function callback(
  deps: InstallWatchDeps,
  message: InstallWatchMessage,
  outcome: 'installed' | 'failed',
  answer: () => Promise<CallbackResult>,
): Promise<WatchOutcome> {
  const ids = { orderId: message.orderId, attempt: message.attempt, look: message.look };
  try {
    if ((await answer()) === 'gone') {
      deps.log.info('Install watch ended: nobody waits for it any more', ids);
      return 'gone';
    }
    deps.log.info(outcome === 'installed' ? 'Install seen done' : 'Install watch failed the task', ids);
    return outcome;
  } catch (e) {
    // Counted with the look's own errors: a callback refused every time (a permission gone wrong) fails the
    // record after WATCH_MAX_ERRORS in a row, so it reaches the DLQ and its alarm instead of looping.
    if (message.errors + 1 >= WATCH_MAX_ERRORS) throw e;
    deps.log.warn('Could not call the execution back; looking again soon', {
      ...ids,
      error: e instanceof Error ? e.name : 'Error',
    });
    return again(deps, { ...message, errors: message.errors + 1 }, WATCH_ERROR_RETRY_SECONDS);
  }
}

/** Step Functions' answers to a callback on a token nobody waits for. */
export const GONE_TOKEN_ERRORS = ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'] as const;
