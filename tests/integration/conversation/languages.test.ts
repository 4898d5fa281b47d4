// The same conversation in English, Indonesian and Brazilian Portuguese, through the real webhook, queues,
// state machine and fakes: each customer writes in their language's own words ("!pesan emas", "!pedido
// ouro"), and reads every reply in that language, exactly as the message builders write it for them, never
// in English (for id and pt-BR). The admins read theirs in ADMIN_LANGUAGE. What is compared is what the fake
// Graph API received, flattened the way a person reads it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentMessage } from '../../../local/fake-graph/fake-graph.js';
import type { Lang } from '../../../shared/domain/i18n/lang.js';
import { adminRecipient, customerRecipient, type Recipient } from '../../../shared/domain/i18n/locale.js';
import * as M from '../../../shared/domain/messages.js';
import type { Order } from '../../../shared/domain/order.js';
import type { OutboundMessage } from '../../../shared/domain/outbound.js';
import { messageRequest } from '../../../shared/whatsapp/graph-request.js';
import { ADMIN, messagesTo, newCustomer, startTestStack, type TestStack, textOf } from '../../support/harness.js';

/** What a customer of each language types for each step. */
const WORDS: Record<
  Lang,
  {
    greeting: string;
    order: string;
    typo: string;
    suggested: string;
    myOrders: string;
    status: string;
    cancel: string;
    yes: string;
    language: string;
  }
> = {
  en: {
    greeting: 'hi there',
    order: '!order gold',
    typo: '!ordre',
    suggested: '!order',
    myOrders: '!my-orders',
    status: '!status',
    cancel: '!cancel',
    yes: 'yes',
    language: '!language',
  },
  id: {
    greeting: 'halo kak',
    order: '!pesan emas',
    typo: '!pesen',
    suggested: '!pesan',
    myOrders: '!pesanan-saya',
    status: '!status',
    cancel: '!batal',
    yes: 'ya',
    language: '!bahasa',
  },
  'pt-BR': {
    greeting: 'oi, tudo bem?',
    order: '!pedido ouro',
    typo: '!pedidu',
    suggested: '!pedido',
    myOrders: '!meus-pedidos',
    status: '!status',
    cancel: '!cancelar',
    yes: 'sim',
    language: '!idioma',
  },
};

const OTHER: Record<Lang, Lang> = { en: 'id', id: 'pt-BR', 'pt-BR': 'en' };

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { SHOP_TIME_ZONE: 'America/Sao_Paulo' } });
  // The admin writes first, so their 24-hour window is open and they get free-form messages.
  await stack.say(ADMIN, '!orders', 'Ana Admin');
  await stack.settle();
});
afterAll(async () => {
  await stack.stop();
});

/** A message as the fake Graph API would receive it, read the way the harness reads what it received. */
function read(message: OutboundMessage): string {
  const body = messageRequest(message, 'free-form', 'x') as unknown as SentMessage['body'];
  return textOf({ body } as SentMessage);
}

function shop() {
  return stack.app.settings.shop;
}

function reader(id: string, lang: Lang): Recipient {
  return customerRecipient(id, lang, shop());
}

async function newest(customer: string): Promise<Order> {
  const page = await stack.app.inbox.orders.listByCustomer(customer, 1);
  return page.items[0]!;
}

/** Says something and returns what came back to the customer for it. */
async function say(customer: string, text: string): Promise<string[]> {
  const before = messagesTo(stack, customer).length;
  await stack.say(customer, text, 'Cliente');
  await stack.settle();
  return messagesTo(stack, customer).slice(before);
}

/** The customer read `message` as written for `lang`; for id and pt-BR, not the English one. */
function expectIn(lang: Lang, got: string | undefined, write: (to: Recipient) => OutboundMessage, id: string) {
  expect(got).toBe(read(write(reader(id, lang))));
  if (lang !== 'en') expect(got).not.toBe(read(write(reader(id, 'en'))));
}

describe.each(['en', 'id', 'pt-BR'] as const)('a customer writing in %s', (lang) => {
  const w = WORDS[lang];
  const customer = newCustomer();

  it('is greeted, and gets the packages, in their language', async () => {
    const replies = await say(customer, w.greeting);
    const expected = M.menuReply(
      reader(customer, lang),
      { kind: 'menu', reason: 'greeting' },
      stack.app.settings.catalogue,
      shop(),
    );
    expect(replies).toEqual(expected.map(read));
    if (lang !== 'en') expect((await stack.app.inbox.customers.get(customer))?.language).toBe(lang);
  });

  it("orders with their language's own words; the admins read the order in ADMIN_LANGUAGE", async () => {
    const adminBefore = messagesTo(stack, ADMIN).length;
    const [placed] = await say(customer, w.order);
    const order = await newest(customer);
    expect(order.packageId).toBe('gold');
    expect(order.lang).toBe(lang);
    expectIn(lang, placed, (to) => M.orderPlaced(to, order, shop()), customer);
    const admin = messagesTo(stack, ADMIN).slice(adminBefore);
    expect(admin).toContain(read(M.adminNewOrder(adminRecipient(ADMIN, shop()), order)));
  });

  it('gets the typo suggestion in their words', async () => {
    const [reply] = await say(customer, w.typo);
    expect(reply).toContain(w.suggested);
    expectIn(
      lang,
      reply,
      (to) =>
        M.menuReply(
          to,
          { kind: 'menu', reason: 'unknown', typed: w.typo.slice(1), suggestion: w.suggested },
          [],
          shop(),
        )[0]!,
      customer,
    );
  });

  it('follows the order in their language', async () => {
    const order = await newest(customer);
    const [list] = await say(customer, w.myOrders);
    expectIn(lang, list, (to) => M.myOrders(to, [order], false), customer);
    const [status] = await say(customer, `${w.status} ${order.id}`);
    expectIn(lang, status, (to) => M.orderStatusForCustomer(to, order, shop()), customer);
  });

  it('cancels with their words, and confirms with their yes', async () => {
    const order = await newest(customer);
    const [question] = await say(customer, `${w.cancel} ${order.id}`);
    expectIn(lang, question, (to) => M.customerCancelConfirm(to, order), customer);
    const [done] = await say(customer, `${w.cancel} ${order.id} ${w.yes}`);
    const cancelled = await newest(customer);
    expect(cancelled.status).toBe('CANCELLED');
    expectIn(lang, done, (to) => M.customerCancelled(to, cancelled), customer);
  });

  it('gets their server and login in their language', async () => {
    await say(customer, w.order);
    const order = await newest(customer);
    await stack.say(ADMIN, `!order-confirm ${order.id}`, 'Ana Admin');
    await stack.settle();
    const done = await newest(customer);
    expect(done.status).toBe('COMPLETED');
    const sent = messagesTo(stack, customer).at(-1)!;
    // The login as written for them, with the password this run drew in its place.
    const username = done.provisioning.panelUsername!;
    const written = read(
      M.credentialsMessage(
        reader(customer, lang),
        done,
        {
          name: `${done.packageName} ${done.id}`,
          identifier: done.provisioning.serverIdentifier ?? '',
          ...(done.provisioning.serverAddress ? { address: done.provisioning.serverAddress } : {}),
        },
        { username, password: 'PASSWORD-SLOT' },
        shop(),
      ),
    );
    const [before, after] = written.split('PASSWORD-SLOT') as [string, string];
    expect(sent.startsWith(before)).toBe(true);
    expect(sent.endsWith(after)).toBe(true);
    const password = sent.slice(before.length, sent.length - after.length);
    expect(stack.panel!.login(username, password)).toBe(true);
  });

  it('switches to another language with !language, and it is kept', async () => {
    const [list] = await say(customer, w.language);
    expectIn(lang, list, (to) => M.languageList(to), customer);
    const next = OTHER[lang];
    const [kept] = await say(customer, `${w.language} ${next}`);
    expect(kept).toBe(read(M.languageKept(reader(customer, next))));
    // Words of another language no longer move a customer who chose.
    const [help] = await say(customer, '!help');
    expect(help).toBe(read(M.customerHelp(reader(customer, next), shop())));
    expect((await newest(customer)).lang).toBe(next);
  });
});

describe('a customer who never picked a language', () => {
  it('"halo, mau pesan server minecraft paket gold" orders Gold and is answered in Indonesian', async () => {
    const customer = newCustomer();
    const [placed] = await say(customer, 'halo, mau pesan server minecraft paket gold');
    const order = await newest(customer);
    expect(order.packageId).toBe('gold');
    expect(order.lang).toBe('id');
    expectIn('id', placed, (to) => M.orderPlaced(to, order, shop()), customer);
  });

  it('is written to in the shop language while their words belong to no language in particular', async () => {
    const customer = newCustomer();
    const [reply] = await say(customer, '!status ORD-7K2M9Q');
    expect(reply).toBe(
      read(
        M.orderLookupProblem(reader(customer, shop().language), {
          kind: 'not-found',
          id: 'ORD-7K2M9Q',
          suggestions: [],
        }),
      ),
    );
  });
});
