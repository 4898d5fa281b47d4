// The install watcher: batches from the install-watch queue (standard SQS), one look per message, all of a
// batch at once (each waits its own turn in the panel budget). A look answers the paused execution or sends
// the watch on, delayed; a record fails only when that could not be done, and comes back after the
// visibility timeout. Message bodies carry the execution's task token: they are never logged.

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  type InstallWatchDeps,
  InstallWatchMessage,
  watchInstall,
} from '../../shared/app/provisioning/install-watch.js';

export function createInstallWatchHandler(deps: InstallWatchDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, (record: SQSRecord) => processRecord(deps, record), processor, {
      throwOnFullBatchFailure: false,
    });
  };
}

async function processRecord(deps: InstallWatchDeps, record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const parsed = InstallWatchMessage.safeParse(body);
  if (!parsed.success) {
    // Only the state machine and this watcher write here: a bug. Kept (it reaches the DLQ) for a person;
    // the execution's own timeout ends its wait.
    deps.log.error('Install watch message is not one; left for the DLQ', {
      messageId: record.messageId,
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`),
    });
    throw new Error(`Malformed install watch message ${record.messageId}`);
  }
  await watchInstall(deps, parsed.data);
}
