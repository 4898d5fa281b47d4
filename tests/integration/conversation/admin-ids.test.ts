// Who is an admin, through the signed webhook: an admin configured by business-scoped user id while Meta
// also sends the phone number, and Brazilian and Mexican numbers whose wa_id is spelled differently from
// the number as dialled.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEnvelope } from '../../../local/envelope.js';
import { ADMIN, lastTo, startTestStack, type TestStack } from '../../support/harness.js';

const BSUID = 'US.13491208655302741918';
const BR_DIALLED = '5511987654321';
const MX_DIALLED = '5215512345678';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { ADMIN_WA_IDS: `${ADMIN},${BSUID},${BR_DIALLED},${MX_DIALLED}` } });
});
afterAll(async () => {
  await stack.stop();
});

/** A text message as Meta sends it: `from` is the wa_id, `from_user_id` the BSUID when there is one. */
async function sayAs(waId: string, text: string, userId?: string): Promise<void> {
  const { body } = messageEnvelope({ text }, { from: waId, phoneNumberId: stack.env.WHATSAPP_PHONE_NUMBER_ID! });
  const envelope = JSON.parse(body);
  const value = envelope.entry[0].changes[0].value;
  if (userId) {
    value.messages[0].from_user_id = userId;
    value.contacts[0].user_id = userId;
  }
  const res = await stack.postRaw(JSON.stringify(envelope));
  expect(res.statusCode).toBe(200);
  await stack.settle();
}

describe('an admin is recognised by either of their ids', () => {
  it('an admin configured by BSUID runs admin commands when Meta also sends their phone number', async () => {
    // Act
    await sayAs('15550104444', '!orders', BSUID);
    // Assert
    expect(lastTo(stack, '15550104444')).toContain('*Open orders*');
  });

  it('a sender with another BSUID is still refused', async () => {
    await sayAs('15550104445', '!orders', 'US.99999999999999999999');
    expect(lastTo(stack, '15550104445')).not.toContain('Open orders');
  });

  it('a Brazilian admin configured with the mobile 9 matches the wa_id without it', async () => {
    await sayAs('551187654321', '!orders');
    expect(lastTo(stack, '551187654321')).toContain('*Open orders*');
  });

  it('a Mexican admin configured with 521 matches the wa_id without the 1', async () => {
    await sayAs('525512345678', '!orders');
    expect(lastTo(stack, '525512345678')).toContain('*Open orders*');
  });

  it('a Brazilian landline that differs by the 9 is not the admin', async () => {
    await sayAs('551123456789', '!orders');
    expect(lastTo(stack, '551123456789')).not.toContain('Open orders');
  });
});
