// Starts executions of the lifecycle state machine. The name (`{orderId}-{action}-{seq}`) was claimed on
// the server's record first, so a sweep that runs twice, or a recheck after a lost start, starts nothing twice:
// Step Functions keeps execution names unique for 90 days.

import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { LifecycleInput, LifecycleRunner } from '../app/lifecycle/context.js';

export class StepFunctionsLifecycleRunner implements LifecycleRunner {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(input: LifecycleInput): Promise<'started' | 'already-started'> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: input.execution,
          input: JSON.stringify({ orderId: input.orderId, action: input.action, execution: input.execution }),
        }),
      );
      return 'started';
    } catch (e) {
      if (e instanceof ExecutionAlreadyExists) return 'already-started';
      throw e;
    }
  }

  async status(execution: string): ReturnType<LifecycleRunner['status']> {
    // arn:aws:states:region:account:stateMachine:name -> arn:aws:states:region:account:execution:name:exec
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${execution}`;
    try {
      const d = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      const s = d.status === 'PENDING_REDRIVE' ? 'RUNNING' : d.status;
      return (s ?? 'RUNNING') as Awaited<ReturnType<LifecycleRunner['status']>>;
    } catch (e) {
      if (e instanceof Error && e.name === 'ExecutionDoesNotExist') return undefined;
      throw e;
    }
  }
}
