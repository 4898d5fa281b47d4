// Every message the domain builds goes through the builders and the GraphClient to the strict fake:
// the free-form content and, where there is one, the template form (names and variable counts registered).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGraph, startFakeGraph } from '../../../local/fake-graph/fake-graph.js';
import * as m from '../../../shared/domain/messages.js';
import type { OutboundMessage } from '../../../shared/domain/outbound.js';
import { DEFAULT_POLICY, type Service, startService } from '../../../shared/domain/service.js';
import { GraphClient } from '../../../shared/whatsapp/graph-client.js';
import { GraphMedia } from '../../../shared/whatsapp/graph-media.js';
import { messageRequest } from '../../../shared/whatsapp/graph-request.js';
import { CATALOGUE, orderIn, SHOP, to } from '../../unit/domain/fixtures.js';

const CUSTOMER = '5511987654321';
const ADMIN = '15550105678';
let fake: FakeGraph;
let client: GraphClient;

beforeAll(async () => {
  fake = await startFakeGraph({ autoStatuses: [] });
  client = new GraphClient({
    baseUrl: fake.url,
    apiVersion: fake.apiVersion,
    phoneNumberId: fake.phoneNumberId,
    accessToken: async () => fake.accessToken,
  });
});
afterAll(async () => fake.close());

const server = { name: 'Gold server ORD-7K2M9Q', identifier: 'a1b2c3d4', address: 'play.example.com:25565' };
const failure = { step: 'EnsureServer', code: 'PanelRejectedError', detail: 'no viable node\n  at line 2\twith tab' };
const completed = orderIn('COMPLETED', {
  provisioning: {
    panelUserId: 7,
    panelUsername: 'ana_7k2m9q',
    userCreated: true,
    serverId: 9,
    serverIdentifier: 'a1b2c3d4',
  },
});

const T0 = new Date('2026-03-01T12:00:00.000Z');
const active = startService(T0.toISOString(), 30, DEFAULT_POLICY, 'test');
const suspended: Service = { ...active, state: 'SUSPENDED', suspendedAt: T0.toISOString(), suspendReason: 'OVERDUE' };
const manual: Service = { ...suspended, suspendReason: 'MANUAL', suspendNote: 'abuse report' };
const terminated: Service = { ...suspended, state: 'TERMINATED', terminatedAt: T0.toISOString() };
const renewal = orderIn('PENDING', { id: 'ORD-R3N3W1', kind: 'RENEWAL', renews: completed.id });

const lifecycleMessages: [string, OutboundMessage][] = [
  ['customerRenewalReminder', m.customerRenewalReminder(to(CUSTOMER), completed, active, T0)],
  [
    'customerTerminationWarning',
    m.customerTerminationWarning(to(CUSTOMER), completed, suspended, SHOP, DEFAULT_POLICY),
  ],
  ['adminTerminationWarned', m.adminTerminationWarned(to(ADMIN), completed, suspended, DEFAULT_POLICY)],
  [
    'customerServiceChanged (suspended)',
    m.customerServiceChanged(to(CUSTOMER), completed, suspended, SHOP, DEFAULT_POLICY),
  ],
  ['customerServiceChanged (manual)', m.customerServiceChanged(to(CUSTOMER), completed, manual, SHOP, DEFAULT_POLICY)],
  ['customerServiceChanged (running)', m.customerServiceChanged(to(CUSTOMER), completed, active, SHOP, DEFAULT_POLICY)],
  [
    'customerServiceChanged (deleted)',
    m.customerServiceChanged(to(CUSTOMER), completed, terminated, SHOP, DEFAULT_POLICY),
  ],
  ['adminServiceChanged', m.adminServiceChanged(to(ADMIN), completed, suspended, 'SUSPEND')],
  [
    'adminServiceActionFailed',
    m.adminServiceActionFailed(to(ADMIN), completed, 'TERMINATE', {
      error: 'PanelUnavailableError',
      detail: 'Wings\tdown',
    }),
  ],
  ['customerRenewalPlaced', m.customerRenewalPlaced(to(CUSTOMER), renewal, active, SHOP, false)],
  ['adminNewRenewal', m.adminNewRenewal(to(ADMIN), renewal, active)],
  ['customerRenewRefused', m.customerRenewRefused(to(CUSTOMER), completed, 'terminated', SHOP)],
  ['customerRenewalApplied', m.customerRenewalApplied(to(CUSTOMER), renewal, active, true)],
  ['myServers', m.myServers(to(CUSTOMER), [{ order: completed, service: suspended }], DEFAULT_POLICY, T0)],
  ['adminServices', m.adminServices(to(ADMIN), 'DUE', [{ order: completed, service: active }], false)],
  ['adminTerminateConfirm', m.adminTerminateConfirm(to(ADMIN), completed, active)],
];

const messages: [string, OutboundMessage][] = [
  ...lifecycleMessages,
  ['packagesList', m.packagesList(to(CUSTOMER), CATALOGUE, SHOP)],
  ['customerHelp', m.customerHelp(to(CUSTOMER), SHOP)],
  ['adminHelp', m.adminHelp(to(ADMIN))],
  ['orderPlaced', m.orderPlaced(to(CUSTOMER), orderIn('PENDING'), SHOP)],
  ['adminNewOrder', m.adminNewOrder(to(ADMIN), orderIn('PENDING'))],
  ['orderStatusForCustomer', m.orderStatusForCustomer(to(CUSTOMER), orderIn('PENDING'), SHOP)],
  ['customerOrderUpdate (confirmed)', m.customerOrderUpdate(to(CUSTOMER), orderIn('CONFIRMED'), SHOP)],
  ['customerOrderUpdate (cancelled)', m.customerOrderUpdate(to(CUSTOMER), orderIn('CANCELLED'), SHOP)],
  [
    'credentialsMessage',
    m.credentialsMessage(to(CUSTOMER), completed, server, { username: 'ana_7k2m9q', password: 'kT7#vQ2m9xLp' }, SHOP),
  ],
  ['serverAddedMessage', m.serverAddedMessage(to(CUSTOMER), completed, server, 'ana_7k2m9q', SHOP)],
  ['customerProvisioningFailed', m.customerProvisioningFailed(to(CUSTOMER), orderIn('CONFIRMED'), SHOP)],
  ['adminProvisioningFailed', m.adminProvisioningFailed(to(ADMIN), orderIn('CONFIRMED', { attempts: 1 }), failure)],
  ['adminProvisioned', m.adminProvisioned(to(ADMIN), completed)],
  [
    'passwordResetMessage',
    m.passwordResetMessage(to(CUSTOMER), { username: 'ana_7k2m9q', password: 'kT7#vQ2m9xLp' }, SHOP),
  ],
  [
    'adminOrphanServers',
    m.adminOrphanServers(to(ADMIN), [
      { serverId: 401, externalId: 'ORD-EGQYFN', name: 'Bronze ORD-EGQYFN', orderStatus: 'CONFIRMED' },
    ]),
  ],
];

describe('domain messages through the Graph client to the strict fake', () => {
  it.each(messages)('%s is accepted free-form', async (_name, message) => {
    await expect(client.send(messageRequest(message, 'free-form', 'en_US'))).resolves.toHaveProperty('messageId');
  });

  it.each(messages.filter(([, message]) => message.template))('%s is accepted as a template', async (_n, message) => {
    await expect(client.send(messageRequest(message, 'template', 'en_US'))).resolves.toHaveProperty('messageId');
  });

  it('covers every registered template', () => {
    const used = new Set(
      [...messages.map(([, message]) => message), ...receipts('1', '2')].map((x) => x.template?.name).filter(Boolean),
    );
    expect([...used].sort()).toEqual(Object.values(m.TEMPLATES).sort());
  });
});

/** A receipt for the admins under a photo, under a PDF, and in words (a text receipt). */
function receipts(photoId: string, pdfId: string): OutboundMessage[] {
  const order = orderIn('PENDING');
  return [
    m.adminReceipt(to(ADMIN), order, { via: 'media', text: 'Pix\tE0987', media: { type: 'image', id: photoId } }),
    m.adminReceipt(to(ADMIN), order, {
      via: 'media',
      media: { type: 'document', id: pdfId, filename: 'comprovante.pdf' },
    }),
    m.adminReceipt(to(ADMIN), order, { via: 'text', text: 'paguei o ORD-7K2M9Q\nR$ 45' }),
    m.adminRejectAsk(to(ADMIN), order),
    m.customerReceiptRejected(to(CUSTOMER), order, "the amount doesn't match the price", SHOP),
  ];
}

describe('payment receipts through the Graph client to the strict fake', () => {
  it('go free-form and as their templates, with files the shop uploaded', async () => {
    // Arrange: the files a customer sent, copied through the media endpoints
    const media = new GraphMedia({
      baseUrl: fake.url,
      apiVersion: fake.apiVersion,
      phoneNumberId: fake.phoneNumberId,
      accessToken: async () => fake.accessToken,
    });
    const copy = async (bytes: string, mimeType: string) => {
      const c = await media.copy({ id: fake.media.addInbound(Buffer.from(bytes), mimeType).id, type: 'image' });
      if (!c.ok) throw new Error(`copy failed: ${c.problem}`);
      return c.mediaId;
    };
    const all = receipts(await copy('\xff\xd8 photo', 'image/jpeg'), await copy('%PDF-1.4', 'application/pdf'));
    // Act + Assert
    for (const message of all) {
      await expect(client.send(messageRequest(message, 'free-form', 'en_US'))).resolves.toHaveProperty('messageId');
      if (message.template)
        await expect(client.send(messageRequest(message, 'template', 'en_US'))).resolves.toHaveProperty('messageId');
      if (message.template?.fallback)
        await expect(
          client.send(messageRequest({ ...message, template: message.template.fallback }, 'template', 'en_US')),
        ).resolves.toHaveProperty('messageId');
    }
  });
});
