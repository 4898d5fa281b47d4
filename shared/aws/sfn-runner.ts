// Starts, redrives and describes provisioning executions on Step Functions. The execution name
// `{orderId}-{attempt}` makes starting idempotent: Step Functions keeps names unique for 90 days.

import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  RedriveExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ExecutionView, ProvisioningRunner, StartResult } from '../app/ports.js';
import { executionName } from '../domain/order.js';

export class StepFunctionsRunner implements ProvisioningRunner {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(orderId: string, attempt: number): Promise<StartResult> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName(orderId, attempt),
          input: JSON.stringify({ orderId, attempt }),
        }),
      );
      return 'started';
    } catch (e) {
      if (e instanceof ExecutionAlreadyExists) return 'already-started';
      throw e;
    }
  }

  async redrive(orderId: string, attempt: number): Promise<'redriven' | 'not-redrivable'> {
    try {
      await this.sfn.send(new RedriveExecutionCommand({ executionArn: this.executionArn(orderId, attempt) }));
      return 'redriven';
    } catch (e) {
      if (e instanceof Error && ['ExecutionNotRedrivable', 'ExecutionDoesNotExist'].includes(e.name))
        return 'not-redrivable';
      throw e;
    }
  }

  async describe(orderId: string, attempt: number): Promise<ExecutionView | undefined> {
    const executionArn = this.executionArn(orderId, attempt);
    try {
      const d = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      const history = await this.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 40 }),
      );
      const events = history.events ?? [];
      const status = (d.status ?? 'RUNNING') as ExecutionView['status'];
      const step = lastEntered(events);
      if (status === 'RUNNING') return { status, ...(step ? { currentStep: step } : {}) };
      // Why it stopped, for !provision-status (the newest events come first).
      const why = events.find((e) => e.executionFailedEventDetails ?? e.executionTimedOutEventDetails);
      const stop = why?.executionFailedEventDetails ?? why?.executionTimedOutEventDetails;
      return {
        status,
        ...(step ? { failedStep: step } : {}),
        ...(stop?.error ? { error: stop.error } : {}),
        ...(stop?.cause ? { cause: stop.cause } : {}),
      };
    } catch (e) {
      if (e instanceof Error && e.name === 'ExecutionDoesNotExist') return undefined;
      throw e;
    }
  }

  private executionArn(orderId: string, attempt: number): string {
    // arn:aws:states:region:account:stateMachine:name -> arn:aws:states:region:account:execution:name:exec
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(orderId, attempt)}`;
  }
}

function lastEntered(events: HistoryEvent[]): string | undefined {
  for (const e of events) {
    const name = e.stateEnteredEventDetails?.name;
    if (name) return name;
  }
  return undefined;
}
