// The install watcher's decisions, one look at a time, and its two AWS adapters' edges: what a look leads to
// (a callback or the next message), what it does with errors that are ours and errors that are not, a token
// nobody waits for, and that no log line carries the task token.

import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createInstallWatchHandler } from '../../../functions/provisioning/install-watch-batch.js';
import { ServerInstallFailedError } from '../../../shared/app/provisioning/errors.js';
import {
  type InstallWatchDeps,
  type InstallWatchMessage,
  WATCH_ERROR_RETRY_SECONDS,
  WATCH_MAX_ERRORS,
  watchInstall,
} from '../../../shared/app/provisioning/install-watch.js';
import { SfnTaskCallbacks } from '../../../shared/aws/install-watch.js';

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAf-very-long-opaque-task-token';

function watch(over: Partial<InstallWatchMessage> = {}): InstallWatchMessage {
  return {
    orderId: 'ORD-ABC123',
    attempt: 1,
    serverId: 7,
    installDeadline: '2026-11-30T12:15:00.000Z',
    waitedSeconds: 2,
    look: 1,
    errors: 0,
    taskToken: TOKEN,
    ...over,
  };
}

function fakes(look: InstallWatchDeps['look'], answer: () => Promise<'delivered' | 'gone'> = async () => 'delivered') {
  const sent: { message: InstallWatchMessage; delay: number }[] = [];
  const answers: unknown[][] = [];
  const logs: unknown[] = [];
  const deps: InstallWatchDeps = {
    look,
    queue: { send: async (message, delay) => void sent.push({ message, delay }) },
    callbacks: {
      succeed: async (...a) => {
        answers.push(['succeed', ...a]);
        return answer();
      },
      fail: async (...a) => {
        answers.push(['fail', ...a]);
        return answer();
      },
    },
    log: {
      info: (...a: unknown[]) => logs.push(a),
      warn: (...a: unknown[]) => logs.push(a),
      error: (...a: unknown[]) => logs.push(a),
    },
  };
  return { deps, sent, answers, logs };
}

describe('one look of the install watch', () => {
  it('installed: calls the paused task back with success, and sends nothing on', async () => {
    const f = fakes(async () => ({ installed: true }));
    expect(await watchInstall(f.deps, watch({ look: 4 }))).toBe('installed');
    expect(f.answers).toEqual([['succeed', TOKEN, { installed: true, looks: 4 }]]);
    expect(f.sent).toEqual([]);
  });

  it('still installing: the same watch goes back on the queue, delayed to the next look, with the schedule so far', async () => {
    let asked: unknown;
    const f = fakes(async (input) => {
      asked = input;
      return { installed: false, nextPollSeconds: 7 };
    });
    expect(await watchInstall(f.deps, watch({ look: 3, waitedSeconds: 20, errors: 2 }))).toBe('watching');
    // The look is asked with ids, the deadline and the schedule: never the token.
    expect(asked).toEqual({
      orderId: 'ORD-ABC123',
      attempt: 1,
      serverId: 7,
      installDeadline: '2026-11-30T12:15:00.000Z',
      waitedSeconds: 20,
    });
    expect(f.sent).toEqual([{ delay: 7, message: watch({ look: 4, waitedSeconds: 27, errors: 0 }) }]);
    expect(f.answers).toEqual([]);
  });

  it('an error of ours (install failed, deadline, stale, a panel refusal) fails the paused task with its name, for its Catch', async () => {
    const f = fakes(async () => {
      throw new ServerInstallFailedError(7);
    });
    expect(await watchInstall(f.deps, watch())).toBe('failed');
    expect(f.answers).toEqual([
      ['fail', TOKEN, 'ServerInstallFailedError', expect.stringContaining('installing server 7 failed')],
    ]);
    expect(f.sent).toEqual([]);
  });

  it('an error that is not ours (the table, the runtime) is looked at again soon, a few times in a row, then fails the task', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const f = fakes(async () => {
      throw throttled;
    });
    expect(await watchInstall(f.deps, watch({ errors: 0, waitedSeconds: 10 }))).toBe('watching');
    expect(f.sent).toEqual([
      {
        delay: WATCH_ERROR_RETRY_SECONDS,
        message: watch({ look: 2, errors: 1, waitedSeconds: 10 + WATCH_ERROR_RETRY_SECONDS }),
      },
    ]);
    expect(await watchInstall(f.deps, watch({ errors: WATCH_MAX_ERRORS - 1 }))).toBe('failed');
    expect(f.answers).toEqual([['fail', TOKEN, 'ThrottlingException', 'Rate exceeded']]);
  });

  it('a token nobody waits for any more (the execution ended or timed out) ends the watch quietly', async () => {
    const f = fakes(
      async () => ({ installed: true }),
      async () => 'gone',
    );
    expect(await watchInstall(f.deps, watch())).toBe('gone');
    expect(f.sent).toEqual([]);
  });

  it('Step Functions not taking the answer right now: the watch looks again soon and answers then', async () => {
    const f = fakes(
      async () => ({ installed: true }),
      async () => {
        throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      },
    );
    expect(await watchInstall(f.deps, watch({ look: 2, waitedSeconds: 4 }))).toBe('watching');
    expect(f.sent).toEqual([
      {
        delay: WATCH_ERROR_RETRY_SECONDS,
        message: watch({ look: 3, errors: 1, waitedSeconds: 4 + WATCH_ERROR_RETRY_SECONDS }),
      },
    ]);
  });

  it('a callback refused every time (a permission gone wrong) fails the record after a few tries, for the DLQ and its alarm', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const f = fakes(
      async () => ({ installed: true }),
      async () => {
        throw denied;
      },
    );
    await expect(watchInstall(f.deps, watch({ errors: WATCH_MAX_ERRORS - 1 }))).rejects.toThrow('not authorized');
    expect(f.sent).toEqual([]);
  });
});

describe('the install watcher handler', () => {
  const record = (body: string, messageId: string) =>
    ({ messageId, body, receiptHandle: messageId, attributes: {} }) as unknown as SQSEvent['Records'][number];

  it('looks at each message of a batch; a malformed one is left for the DLQ; no log line carries the token', async () => {
    const f = fakes(async () => ({ installed: false, nextPollSeconds: 2 }));
    const handler = createInstallWatchHandler(f.deps);

    const out = await handler({
      Records: [
        record(JSON.stringify(watch()), 'm1'),
        record('{"orderId":"ORD-ABC123"}', 'm2'),
        record('not json', 'm3'),
      ],
    });

    expect(out.batchItemFailures.map((i) => i.itemIdentifier).sort()).toEqual(['m2', 'm3']);
    expect(f.sent).toHaveLength(1);
    expect(JSON.stringify(f.logs)).not.toContain(TOKEN);
  });
});

describe('Step Functions callbacks', () => {
  const client = (error?: string) =>
    ({
      send: async () => {
        if (error) throw Object.assign(new Error(error), { name: error });
        return {};
      },
    }) as unknown as SFNClient;

  it('a token that timed out, no longer exists or is not one is `gone`; anything else is thrown for a later try', async () => {
    expect(await new SfnTaskCallbacks(client()).succeed(TOKEN, { installed: true })).toBe('delivered');
    for (const name of ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])
      expect(await new SfnTaskCallbacks(client(name)).fail(TOKEN, 'E', 'c')).toBe('gone');
    await expect(new SfnTaskCallbacks(client('ThrottlingException')).succeed(TOKEN, {})).rejects.toThrow();
  });
});
