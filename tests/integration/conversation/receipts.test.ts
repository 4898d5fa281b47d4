// Payment receipts (issue 19), from both phones, through the real webhook, inbox and outbox workers, the
// fake Graph API's media endpoints and the emulators: a photo, a PDF or a text reaches every admin with the
// order and Confirm payment / Reject; the file arrives as a file (copied, never sent by its inbound id).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SentMessage } from '../../../local/fake-graph/fake-graph.js';
import {
  ADMIN,
  ADMIN_2,
  buttonsTo,
  confirm,
  lastTo,
  messagesTo,
  newCustomer,
  order,
  placeOrder,
  startTestStack,
  type TestStack,
} from '../../support/harness.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.graph!.reset();
});

/** A small "photo": JPEG magic bytes and a marker no log may contain. */
function photo(marker = 'RECEIPT-BYTES-7f3a'): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`${marker} pix transfer`.repeat(50))]);
}

interface File {
  type: 'image' | 'document';
  bytes: Buffer;
  mimeType: string;
  filename?: string;
  caption?: string;
}

/** The customer sends a photo or document, as WhatsApp delivers it: a webhook naming the media by id. */
async function sendFile(from: string, file: File): Promise<string> {
  const stored = stack.graph!.media.addInbound(file.bytes, file.mimeType, file.filename);
  const sha256 = createHash('sha256').update(file.bytes).digest('base64');
  return stack.send(
    from,
    {
      media: {
        type: file.type,
        id: stored.id,
        mimeType: file.mimeType,
        sha256,
        ...(file.caption ? { caption: file.caption } : {}),
        ...(file.filename ? { filename: file.filename } : {}),
      },
    },
    'João Cliente',
  );
}

// biome-ignore lint/suspicious/noExplicitAny: Graph request bodies, read loosely by the assertions
type Body = Record<string, any>;

/** The messages an admin got about an order's receipt (free-form or template). */
function receiptsTo(admin: string, orderId: string): SentMessage[] {
  return stack
    .graph!.messages()
    .filter((m) => m.recipient === admin && JSON.stringify(m.body).includes(`!order-reject ${orderId}`));
}

/** The media a message shows: an interactive message's header, or a template's header parameter. */
function mediaOf(m: SentMessage): { type: string; id: string; filename?: string } | undefined {
  const b = m.body as Body;
  const header = b.interactive?.header ?? b.template?.components?.find((c: Body) => c.type === 'header')?.parameters[0];
  if (!header || (header.type !== 'image' && header.type !== 'document')) return undefined;
  return { type: header.type, ...header[header.type] };
}

describe('a photo of the transfer', () => {
  it('reaches both admins as a photo with the order and buttons, and Confirm confirms the payment', async () => {
    // Arrange: an unpaid order; one admin has written today (free-form), the other has not (template)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);
    await stack.say(ADMIN, '!orders', 'Ana Admin');
    await stack.settle();
    stack.graph!.reset();
    const bytes = photo();

    // Act: the customer sends the photo with a caption
    const inbound = stack.graph!.media.addInbound(Buffer.alloc(0), 'image/jpeg'); // another customer's, untouched
    await sendFile(customer, { type: 'image', bytes, mimeType: 'image/jpeg', caption: 'Pix feito agora há pouco' });
    await stack.settle();

    // Assert: the customer is thanked, the order stays unpaid with the receipt in its history
    expect(lastTo(stack, customer)).toContain(`Thanks! We passed your receipt for *${id}*`);
    const o = await order(stack, id);
    expect(o.status).toBe('PENDING');
    expect(o.history.at(-1)).toMatchObject({ event: 'RECEIPT', from: 'PENDING', to: 'PENDING', by: customer });
    // Both admins got the photo itself: an uploaded copy with the same bytes, never the inbound id
    const [free] = receiptsTo(ADMIN, id);
    const [late] = receiptsTo(ADMIN_2, id);
    expect(free?.type).toBe('interactive');
    expect(late?.type).toBe('template');
    expect((late!.body as Body).template.name).toBe('spawnpoint_receipt_image_v1');
    for (const m of [free!, late!]) {
      const media = mediaOf(m);
      expect(media?.type).toBe('image');
      const copy = stack.graph!.media.get(media!.id);
      expect(copy?.origin).toBe('uploaded');
      expect(copy?.bytes.equals(bytes)).toBe(true);
    }
    expect(stack.graph!.media.downloads).toHaveLength(1);
    expect(stack.graph!.media.downloads).not.toContain(inbound.id);
    const text = lastTo(stack, ADMIN);
    expect(text).toContain(`*Payment receipt* for *${id}*`);
    expect(text).toContain('João Cliente');
    expect(text).toContain('Pix feito agora há pouco');
    expect(buttonsTo(stack, ADMIN)).toEqual([`!order-confirm ${id}`, `!order-reject ${id}`]);
    const quickReplies = (late!.body as Body).template.components
      .filter((c: Body) => c.sub_type === 'quick_reply')
      .map((c: Body) => c.parameters[0].payload);
    expect(quickReplies).toEqual([`!order-confirm ${id}`, `!order-reject ${id}`]);

    // Act: the admin taps Confirm payment under the photo
    await stack.tap(ADMIN, `!order-confirm ${id}`, 'Confirm payment');
    await stack.settle();

    // Assert: the payment is confirmed and the server delivered
    expect((await order(stack, id)).status).toBe('COMPLETED');
    expect(messagesTo(stack, customer).join('\n')).toContain(`Payment for *${id}* is confirmed`);
  });

  it('never logs the media URL, the bytes or what the customer wrote', async () => {
    // Arrange
    const customer = newCustomer();
    await placeOrder(stack, customer);
    const marker = `SECRET-BYTES-${Date.now()}`;
    const from = stack.logs.length;

    // Act
    await sendFile(customer, { type: 'image', bytes: photo(marker), mimeType: 'image/png', caption: 'CAPTION-9Q' });
    await stack.settle();

    // Assert
    const logged = JSON.stringify(stack.logs.slice(from));
    expect(logged).toContain('Payment receipt forwarded');
    expect(logged).not.toContain('whatsapp_business/attachments');
    expect(logged).not.toContain(marker);
    expect(logged).not.toContain('CAPTION-9Q');
    expect(logged).not.toContain(stack.env.WHATSAPP_ACCESS_TOKEN!);
  });

  it('too large to pass on: the customer is asked for a smaller file, the admins still get the receipt', async () => {
    // Arrange: a 6 MB image (the Cloud API sends images up to 5 MB)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(6 * 1024 * 1024, 1)]);

    // Act
    await sendFile(customer, { type: 'image', bytes: big, mimeType: 'image/jpeg' });
    await stack.settle();

    // Assert
    const said = lastTo(stack, customer);
    expect(said).toContain(`We told our team about your payment for *${id}*`);
    expect(said).toContain('too large');
    expect(said).toContain('photos up to 5 MB and documents up to 100 MB');
    const [forwarded] = receiptsTo(ADMIN_2, id);
    expect(mediaOf(forwarded!)).toBeUndefined();
    expect(lastTo(stack, ADMIN_2)).toContain('template:spawnpoint_admin_alert_v1 Payment receipt for');
    expect(stack.graph!.media.downloads).toEqual([]);
  });
});

describe('a PDF of the transfer', () => {
  it('reaches the admins as a document with its name', async () => {
    // Arrange
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'silver');
    await stack.say(ADMIN, '!orders', 'Ana Admin');
    await stack.settle();
    const pdf = Buffer.from('%PDF-1.4\n% comprovante de transferencia\n%%EOF\n');

    // Act
    await sendFile(customer, {
      type: 'document',
      bytes: pdf,
      mimeType: 'application/pdf',
      filename: 'comprovante.pdf',
    });
    await stack.settle();

    // Assert
    expect(lastTo(stack, customer)).toContain(`your receipt for *${id}*`);
    const [free] = receiptsTo(ADMIN, id);
    expect(mediaOf(free!)).toMatchObject({ type: 'document', filename: 'comprovante.pdf' });
    expect(stack.graph!.media.get(mediaOf(free!)!.id)?.bytes.equals(pdf)).toBe(true);
    const [late] = receiptsTo(ADMIN_2, id);
    expect((late!.body as Body).template.name).toBe('spawnpoint_receipt_document_v1');
    expect(lastTo(stack, ADMIN)).toContain('a document (above): comprovante.pdf');
  });
});

describe('a text receipt', () => {
  it('naming the order, as in the issue, is forwarded instead of "I didn\'t understand that"', async () => {
    // Arrange
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);
    await placeOrder(stack, customer, 'bronze'); // a second unpaid order: the id decides

    // Act
    await stack.say(customer, `Done, I paid for ${id}. Receipt: Pix E0987654321, R$ 45`, 'João Cliente');
    await stack.settle();

    // Assert
    const said = messagesTo(stack, customer).join('\n');
    expect(said).not.toContain("I didn't understand");
    expect(lastTo(stack, customer)).toContain(`We passed your payment details for *${id}*`);
    for (const admin of [ADMIN, ADMIN_2]) {
      const [m] = receiptsTo(admin, id);
      expect(m).toBeDefined();
      expect(JSON.stringify(m!.body)).toContain('Pix E0987654321');
    }
    expect((await order(stack, id)).history.at(-1)).toMatchObject({ event: 'RECEIPT', reason: 'receipt: text' });
  });

  it('a renewal is paid like any order: naming the server finds its unpaid renewal', async () => {
    // Arrange: a server, and a renewal order for it
    const customer = newCustomer();
    const server = await placeOrder(stack, customer);
    await confirm(stack, server);
    await stack.say(customer, `!renew ${server}`);
    await stack.settle();
    const renewal = (await stack.app.inbox.orders.listByCustomer(customer, 1)).items[0]!;
    expect(renewal.kind).toBe('RENEWAL');

    // Act
    await stack.say(customer, `paguei a renovação do ${server} via pix`);
    await stack.settle();

    // Assert: a receipt written in Portuguese is thanked in Portuguese, naming the renewal and its server
    expect(lastTo(stack, customer)).toContain(`*${renewal.id}* (renovação do servidor *${server}*`);
    expect(receiptsTo(ADMIN, renewal.id)).toHaveLength(1);
  });
});

describe('a flood of receipts', () => {
  it('forwards five an hour for one order, then only thanks the customer', async () => {
    // Arrange
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);

    // Act
    for (let i = 1; i <= 6; i++) await stack.say(customer, `paid ${id}, pix E0987654321 try ${i}`);
    await stack.settle();

    // Assert
    expect(receiptsTo(ADMIN, id)).toHaveLength(5);
    expect(lastTo(stack, customer)).toContain(`Our team already has 5 receipts for *${id}*`);
  });
});

describe('which order', () => {
  it('several unpaid orders: the customer picks one with a button, and a second tap sends nothing more', async () => {
    // Arrange
    const customer = newCustomer();
    const first = await placeOrder(stack, customer, 'gold');
    const second = await placeOrder(stack, customer, 'silver');
    stack.graph!.reset();

    // Act: a photo without an order id
    const wamid = await sendFile(customer, { type: 'image', bytes: photo(), mimeType: 'image/jpeg' });
    await stack.settle();

    // Assert: asked which, with one button per unpaid order, nothing forwarded yet
    expect(lastTo(stack, customer)).toContain('Which order is this receipt for?');
    expect(buttonsTo(stack, customer)).toEqual([`!receipt ${second} ${wamid}`, `!receipt ${first} ${wamid}`]);
    expect(messagesTo(stack, ADMIN)).toEqual([]);

    // Act: the customer taps the first order
    await stack.tap(customer, `!receipt ${first} ${wamid}`, `${first} · Gold`);
    await stack.settle();

    // Assert: forwarded for that order, with the photo
    expect(lastTo(stack, customer)).toContain(`your receipt for *${first}*`);
    const [m] = receiptsTo(ADMIN_2, first);
    expect(mediaOf(m!)?.type).toBe('image');
    expect(receiptsTo(ADMIN_2, second)).toEqual([]);

    // Act: a second tap, on the other order
    await stack.tap(customer, `!receipt ${second} ${wamid}`, `${second} · Silver`);
    await stack.settle();

    // Assert
    expect(lastTo(stack, customer)).toContain(`already passed to our team for *${first}*`);
    expect(receiptsTo(ADMIN_2, second)).toEqual([]);
  });

  it('no unpaid order: says so politely and tells nobody', async () => {
    // Arrange
    const customer = newCustomer();

    // Act
    await sendFile(customer, { type: 'image', bytes: photo(), mimeType: 'image/jpeg' });
    await stack.settle();

    // Assert
    const said = lastTo(stack, customer);
    expect(said).toContain("Thanks! I couldn't find an unpaid order of yours to attach this receipt to.");
    expect(said).toContain('*!packages*');
    expect(messagesTo(stack, ADMIN)).toEqual([]);
    expect(messagesTo(stack, ADMIN_2)).toEqual([]);
  });
});

describe('reject', () => {
  it('asks the admin why, tells the customer the reason, and keeps the order open', async () => {
    // Arrange: a receipt on the admins' phones
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);
    await stack.say(ADMIN, '!orders', 'Ana Admin');
    await sendFile(customer, { type: 'image', bytes: photo(), mimeType: 'image/jpeg' });
    await stack.settle();

    // Act: the admin taps Reject
    await stack.tap(ADMIN, `!order-reject ${id}`, 'Reject');
    await stack.settle();

    // Assert: asked for a reason, with common ones as buttons
    expect(lastTo(stack, ADMIN)).toContain(`Why is the receipt for *${id}* rejected?`);
    const reasons = buttonsTo(stack, ADMIN).filter((b) => b.startsWith(`!order-reject ${id} `));
    expect(reasons).toHaveLength(3);
    expect(lastTo(stack, customer)).toContain('your receipt for');

    // Act: the admin taps "Wrong amount"
    await stack.tap(ADMIN, reasons[0]!, 'Wrong amount');
    await stack.settle();

    // Assert: the customer gets the reason politely, the other admin hears of it, the order stays PENDING
    const told = lastTo(stack, customer);
    expect(told).toContain(`We couldn't confirm your payment for *${id}*`);
    expect(told).toContain("the amount doesn't match the price");
    expect(told).toContain('send the receipt here again');
    expect(lastTo(stack, ADMIN)).toContain(`Receipt for *${id}* rejected`);
    expect(lastTo(stack, ADMIN_2)).toContain(`was rejected by +${ADMIN}`);
    const o = await order(stack, id);
    expect(o.status).toBe('PENDING');
    expect(o.history.at(-1)).toMatchObject({ event: 'RECEIPT_REJECTED', by: ADMIN });

    // Act: a typed reason works the same way
    await stack.say(ADMIN, `!order-reject ${id} o valor é R$ 40, o plano custa R$ 45`);
    await stack.settle();

    // Assert
    expect(lastTo(stack, customer)).toContain('o valor é R$ 40, o plano custa R$ 45');
  });

  it('a confirmed order cannot be rejected', async () => {
    // Arrange
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);
    await confirm(stack, id);

    // Act
    await stack.say(ADMIN, `!order-reject ${id} not received`);
    await stack.settle();

    // Assert
    expect(lastTo(stack, ADMIN)).toContain(`Can't reject the receipt of *${id}*`);
    expect(messagesTo(stack, customer).join('\n')).not.toContain("couldn't confirm your payment");
  });

  it('a customer tapping Reject gets what an unknown command gets, and nothing changes', async () => {
    // Arrange
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);
    stack.graph!.reset();

    // Act: a forwarded Reject button tapped by a non-admin, with and without a reason
    await stack.tap(customer, `!order-reject ${id}`, 'Reject');
    await stack.tap(customer, `!order-reject ${id} the amount doesn't match the price`, 'Wrong amount');
    await stack.settle();

    // Assert
    const said = messagesTo(stack, customer);
    expect(said.join('\n')).toContain("I didn't understand that");
    expect(said.join('\n')).not.toContain("couldn't confirm your payment");
    expect(messagesTo(stack, ADMIN)).toEqual([]);
    const o = await order(stack, id);
    expect(o.status).toBe('PENDING');
    expect(o.history.map((h) => h.event)).toEqual(['CREATE']);
    expect(stack.logs.some((l) => l.message === 'Admin command from a non-admin sender')).toBe(true);
  });
});

describe('an admin whose window is closed and whose shop has not registered the receipt templates', () => {
  it('still hears of the receipt, as the admin alert', async () => {
    // Arrange
    const customer = newCustomer();
    const id = await placeOrder(stack, customer);
    stack.graph!.reset();
    stack.graph!.failNext(132001, { recipient: ADMIN_2 });

    // Act
    await sendFile(customer, { type: 'image', bytes: photo(), mimeType: 'image/jpeg' });
    await stack.settle();

    // Assert
    const got = messagesTo(stack, ADMIN_2);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(`template:spawnpoint_admin_alert_v1 Payment receipt for ${id}`);
    expect(got[0]).toContain('the receipt templates are not registered');
  });
});
