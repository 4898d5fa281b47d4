// The local runner's time scale: the definition's retriers keep their back-off rate, attempts and jitter on
// scaled intervals and caps, and Waits of seconds are scaled, so a scaled run behaves as AWS would, sooner.

import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LocalStepFunctions, scaledDefinition } from '../../../local/sfn/runner.js';

const ASL = {
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:Call',
      Retry: [
        {
          ErrorEquals: ['PanelRateLimitedError'],
          IntervalSeconds: 15,
          BackoffRate: 2,
          MaxAttempts: 6,
          MaxDelaySeconds: 120,
          JitterStrategy: 'FULL',
        },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 2 },
      ],
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', Seconds: 30, Next: 'Poll' },
    Poll: { Type: 'Wait', SecondsPath: '$.next.seconds', End: true },
  },
} as unknown as StateMachineDefinition;

describe('scaledDefinition', () => {
  it('divides intervals, caps and waits by the scale and keeps back-off, attempts and jitter', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the definition's JSON, read freely by the test
    const scaled = scaledDefinition(ASL, 20, { waits: true, retries: true }).States as Record<string, any>;

    expect(scaled.Call.Retry[0]).toEqual({
      ErrorEquals: ['PanelRateLimitedError'],
      IntervalSeconds: 0.75,
      BackoffRate: 2,
      MaxAttempts: 6,
      MaxDelaySeconds: 6,
      JitterStrategy: 'FULL',
    });
    // The definition's default interval (1 s) is scaled too.
    expect(scaled.Call.Retry[1].IntervalSeconds).toBe(0.05);
    expect(scaled.Pause.Seconds).toBe(1.5);
    expect(scaled.Poll).toMatchObject({ Type: 'Task', ResultPath: null, End: true });
  });

  it('runs a scaled Wait of SecondsPath through to the next state with its input unchanged', async () => {
    const runner = new LocalStepFunctions({
      asl: { StartAt: 'Poll', States: { Poll: (ASL.States as Record<string, unknown>).Poll } } as never,
      tasks: {},
      clients: {} as never,
      tableName: 'unused',
      outboxQueueUrl: 'unused',
      timeScale: 1000,
    });

    await runner.startNamed('scaled-1', { orderId: 'ORD-1', next: { seconds: 2 } });
    await runner.idle();

    const run = runner.list()[0]!;
    expect(run.status).toBe('SUCCEEDED');
    expect(run.events.find((e) => e.type === 'StateExited')?.data).toEqual({ orderId: 'ORD-1', next: { seconds: 2 } });
  });

  it("runs CheckInstall's kind of retrier (back-off 1.2, a cap, no jitter) at the scaled times, and counts each retry", async () => {
    // Arrange: a task "still installing" 4 times; waits 15, 18, 20 (capped), 20 s, at ×20: 750, 900, 1000, 1000 ms
    let calls = 0;
    const runner = new LocalStepFunctions({
      asl: {
        StartAt: 'Check',
        States: {
          Check: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:000000000000:function:Check',
            Retry: [
              {
                ErrorEquals: ['InstallNotReadyError'],
                IntervalSeconds: 15,
                BackoffRate: 1.2,
                MaxDelaySeconds: 20,
                MaxAttempts: 100,
                JitterStrategy: 'NONE',
              },
            ],
            End: true,
          },
        },
      } as never,
      tasks: {
        Check: async () => {
          if (++calls <= 4) throw Object.assign(new Error('still installing'), { name: 'InstallNotReadyError' });
          return { installed: true };
        },
      },
      clients: {} as never,
      tableName: 'unused',
      outboxQueueUrl: 'unused',
      timeScale: 20,
    });

    // Act
    await runner.startNamed('install-1', { orderId: 'ORD-1' });
    await runner.idle();

    // Assert
    const run = runner.list()[0]!;
    expect(run.status).toBe('SUCCEEDED');
    const failedAt = run.events.filter((e) => e.type === 'StateFailed').map((e) => Date.parse(e.at));
    const enteredAgain = run.events.filter((e) => e.type === 'StateRetried').map((e) => Date.parse(e.at));
    expect(enteredAgain).toHaveLength(4);
    const waits = enteredAgain.map((t, i) => t - failedAt[i]!);
    [750, 900, 1000, 1000].forEach((ms, i) => {
      expect(waits[i], `wait ${i + 1}`).toBeGreaterThanOrEqual(ms - 5);
      expect(waits[i], `wait ${i + 1}`).toBeLessThan(ms + 250);
    });
  });
});
