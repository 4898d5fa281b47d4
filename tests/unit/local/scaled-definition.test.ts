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
});
