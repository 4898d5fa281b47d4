// Every message the domain builds goes through the builders and the GraphClient to the strict fake:
// the free-form content and, where there is one, the template form (names and variable counts registered).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGraph, startFakeGraph } from '../../../local/fake-graph/fake-graph.js';
import * as m from '../../../shared/domain/messages.js';
import type { OutboundMessage } from '../../../shared/domain/outbound.js';
import { GraphClient } from '../../../shared/whatsapp/graph-client.js';
import { messageRequest } from '../../../shared/whatsapp/graph-request.js';
import { CATALOGUE, orderIn, SHOP } from '../../unit/domain/fixtures.js';

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

const messages: [string, OutboundMessage][] = [
  ['packagesList', m.packagesList(CUSTOMER, CATALOGUE, SHOP)],
  ['customerHelp', m.customerHelp(CUSTOMER, SHOP)],
  ['adminHelp', m.adminHelp(ADMIN)],
  ['orderPlaced', m.orderPlaced(CUSTOMER, orderIn('PENDING'), SHOP)],
  ['adminNewOrder', m.adminNewOrder(ADMIN, orderIn('PENDING'))],
  ['orderStatusForCustomer', m.orderStatusForCustomer(CUSTOMER, orderIn('PENDING'), SHOP)],
  ['customerOrderUpdate (confirmed)', m.customerOrderUpdate(CUSTOMER, orderIn('CONFIRMED'), SHOP)],
  ['customerOrderUpdate (cancelled)', m.customerOrderUpdate(CUSTOMER, orderIn('CANCELLED'), SHOP)],
  [
    'credentialsMessage',
    m.credentialsMessage(CUSTOMER, completed, server, { username: 'ana_7k2m9q', password: 'kT7#vQ2m9xLp' }, SHOP),
  ],
  ['serverAddedMessage', m.serverAddedMessage(CUSTOMER, completed, server, 'ana_7k2m9q', SHOP)],
  ['customerProvisioningFailed', m.customerProvisioningFailed(CUSTOMER, orderIn('CONFIRMED'), SHOP)],
  ['adminProvisioningFailed', m.adminProvisioningFailed(ADMIN, orderIn('CONFIRMED', { attempts: 1 }), failure)],
  ['adminProvisioned', m.adminProvisioned(ADMIN, completed)],
  [
    'passwordResetMessage',
    m.passwordResetMessage(CUSTOMER, { username: 'ana_7k2m9q', password: 'kT7#vQ2m9xLp' }, SHOP),
  ],
  [
    'adminOrphanServers',
    m.adminOrphanServers(ADMIN, [
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
    const used = new Set(messages.map(([, message]) => message.template?.name).filter(Boolean));
    expect([...used].sort()).toEqual(Object.values(m.TEMPLATES).sort());
  });
});
