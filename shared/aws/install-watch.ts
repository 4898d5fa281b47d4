// The install watch's two AWS ports: its own standard SQS queue (a delay per message, which FIFO queues do
// not have) and Step Functions' task callbacks. See shared/app/provisioning/install-watch.ts.

import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type CallbackResult,
  GONE_TOKEN_ERRORS,
  type InstallWatchMessage,
  type InstallWatchQueue,
  type TaskCallbacks,
} from '../app/provisioning/install-watch.js';

export class SqsInstallWatchQueue implements InstallWatchQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: InstallWatchMessage, delaySeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: Math.min(900, Math.max(0, Math.round(delaySeconds))),
      }),
    );
  }
}

/** SendTaskSuccess / SendTaskFailure; a token nobody waits for any more is `gone`, not an error. */
export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly sfn: SFNClient) {}

  succeed(taskToken: string, output: Record<string, unknown>): Promise<CallbackResult> {
    return this.answer(() => this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  fail(taskToken: string, error: string, cause: string): Promise<CallbackResult> {
    // The API's limits: error 256 characters, cause 32,768.
    return this.answer(() =>
      this.sfn.send(
        new SendTaskFailureCommand({ taskToken, error: error.slice(0, 256), cause: cause.slice(0, 32_768) }),
      ),
    );
  }

  private async answer(call: () => Promise<unknown>): Promise<CallbackResult> {
    try {
      await call();
      return 'delivered';
    } catch (e) {
      if (e instanceof Error && (GONE_TOKEN_ERRORS as readonly string[]).includes(e.name)) return 'gone';
      throw e;
    }
  }
}
