// Every stand-in the local stack starts (dynalite, fauxqs, the fake panel, the fake Graph API) listens on
// loopback only: a connection to any other address of this machine is refused. The SQS emulator mattered
// most: whoever reached it could put a message on the inbox queue, past the webhook's signature check, as
// an admin (issue 13, item 17). The page and webhook server follow HOST and are not tested here.

import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../local/stack.js';

/** This machine's IPv4 addresses other than loopback (the ones another machine could reach). */
const external = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.'))
  .map((a) => a!.address);

/** 'connected', or the error code of the attempt (ECONNREFUSED when nothing listens there). */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: string) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(3_000, () => done('timeout'));
    socket.once('connect', () => done('connected'));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

let stack: LocalStack;
let listeners: Record<string, number>;

beforeAll(async () => {
  // As `npm start` has it: the built-in fakes, not a configured panel or Graph API.
  stack = await startLocalStack({ pace: 'test', env: { PTERODACTYL_URL: '', WHATSAPP_GRAPH_URL: '' } });
  const portOf = (url: string) => Number(new URL(url).port);
  listeners = {
    dynamodb: portOf(stack.emulators.endpoints.dynamodb),
    sqs: portOf(stack.emulators.endpoints.sqs),
    panel: portOf(stack.panel!.url),
    graph: portOf(stack.graph!.url),
  };
});

afterAll(async () => {
  await stack?.stop();
});

describe('the local stand-ins listen on loopback only', () => {
  it('each answers on 127.0.0.1', async () => {
    for (const [name, port] of Object.entries(listeners)) {
      expect(port, name).toBeGreaterThan(0);
      expect(await tryConnect('127.0.0.1', port), name).toBe('connected');
    }
  });

  it.skipIf(external.length === 0)(
    external.length > 0
      ? `each refuses a connection to this machine's other addresses (${external.join(', ')})`
      : 'SKIPPED: this machine has no non-loopback IPv4 address to connect to',
    async () => {
      for (const address of external) {
        for (const [name, port] of Object.entries(listeners)) {
          expect(await tryConnect(address, port), `${name} on ${address}:${port}`).toBe('ECONNREFUSED');
        }
      }
    },
  );

  it('the SQS emulator still keeps the body of every message sent, one at a time or in a batch', async () => {
    const sqs = stack.emulators.clients.sqs;
    const QueueUrl = stack.emulators.queues.outbox;
    const before = stack.emulators.queuedBodies().length;
    await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'one', MessageGroupId: 'g', MessageDeduplicationId: 'loop-1' }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'two', MessageGroupId: 'g', MessageDeduplicationId: 'loop-2' },
          { Id: 'b', MessageBody: 'three', MessageGroupId: 'g', MessageDeduplicationId: 'loop-3' },
        ],
      }),
    );
    expect(stack.emulators.queuedBodies().slice(before)).toEqual(['one', 'two', 'three']);
  });
});
