import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_COMMANDS,
  type Command,
  type CommandKind,
  CUSTOMER_COMMANDS,
  commandId,
  isAdminCommand,
  parseCommand,
} from '../../../shared/domain/commands.js';

const ADMIN = { admin: true };
const CUSTOMER = { admin: false };
const ID = 'ORD-7K2M9Q';

const typed = (text: string, options = CUSTOMER): Command => parseCommand({ text }, options);

const KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'packages',
  'order',
  'my-orders',
  'status',
  'cancel',
  'help',
  'menu',
  'admin-orders',
  'order-confirm',
  'order-cancel',
  'provision-retry',
  'provision-status',
  'provision-test',
  'reset-password',
  'admin-reset-password',
]);

describe('customer commands', () => {
  it.each([
    ['!packages', { kind: 'packages' }],
    ['!menu', { kind: 'packages' }],
    ['prices', { kind: 'packages' }],
    ['!order gold', { kind: 'order', packageRef: 'gold' }],
    ['!ORDER   Gold', { kind: 'order', packageRef: 'Gold' }],
    ['! order gold', { kind: 'order', packageRef: 'gold' }],
    ['order gold', { kind: 'order', packageRef: 'gold' }],
    ['buy 2', { kind: 'order', packageRef: '2' }],
    ['!order', { kind: 'order', packageRef: '' }],
    ['!my-orders', { kind: 'my-orders' }],
    ['!my orders', { kind: 'my-orders' }],
    ['!MyOrders', { kind: 'my-orders' }],
    ['!help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    [`!status ${ID}`, { kind: 'status', orderRef: { ok: true, id: ID } }],
    [`/status ${ID}`, { kind: 'status', orderRef: { ok: true, id: ID } }],
    ['status ord-7k2m9q', { kind: 'status', orderRef: { ok: true, id: ID } }],
    ['!status ORD 7K2M9Q', { kind: 'status', orderRef: { ok: true, id: ID } }],
    ['!cancel 7k2m9q', { kind: 'cancel', orderRef: { ok: true, id: ID } }],
    ['！status ord–7k2m9q', { kind: 'status', orderRef: { ok: true, id: ID } }],
  ])('%j → %j', (text, expected) => {
    expect(typed(text)).toEqual(expected);
  });

  it.each([
    ['ord-7k2m9o', 'ORD-7K2M90'],
    ['ORD-IL0000', 'ORD-110000'],
    ['ord-oooooo', 'ORD-000000'],
    ['ord-l1i1l1', 'ORD-111111'],
  ])('reads look-alike letters in %j as %s', (id, expected) => {
    expect(typed(`!status ${id}`)).toEqual({ kind: 'status', orderRef: { ok: true, id: expected } });
  });

  it('ignores what follows the id (a thank-you)', () => {
    expect(typed(`!status ${ID} thanks`)).toEqual({ kind: 'status', orderRef: { ok: true, id: ID } });
  });

  it('accepts an id followed by punctuation, as people type it', () => {
    expect(typed(`!status ${ID}?`)).toEqual({ kind: 'status', orderRef: { ok: true, id: ID } });
    expect(typed(`!cancel ${ID}, please`)).toEqual({ kind: 'cancel', orderRef: { ok: true, id: ID } });
    expect(typed(`!status "${ID}"`)).toEqual({ kind: 'status', orderRef: { ok: true, id: ID } });
    expect(typed(`!status *${ID}*`)).toEqual({ kind: 'status', orderRef: { ok: true, id: ID } });
    expect(typed(`!order-confirm (ord-7k2m9q).`)).toEqual({ kind: 'order-confirm', orderRef: { ok: true, id: ID } });
  });
});

describe('missing and malformed order ids', () => {
  it.each([
    ['!status', 'missing', ''],
    ['!cancel', 'missing', ''],
    ['!status ORD-7K2M9', 'length', 'ORD-7K2M9'],
    ['!status 7K2M9QQ', 'length', '7K2M9QQ'],
    ['!status ORD-7K2U9Q', 'characters', 'ORD-7K2U9Q'],
    ['!status ORD-7K*M9Q', 'characters', 'ORD-7K*M9Q'],
    ['!status ORD', 'empty', 'ORD'],
    ['!status ORD 7K2M9', 'length', 'ORD7K2M9'],
  ])('%j → ok false (%s)', (text, reason, typedId) => {
    // Act
    const command = typed(text);
    // Assert
    expect(command).toMatchObject({ orderRef: { ok: false, reason, typed: typedId } });
  });

  it('keeps a long bad id short in the reply', () => {
    const command = typed(`!status ${'X'.repeat(500)}`);
    expect(command.kind).toBe('status');
    if (command.kind !== 'status' || command.orderRef.ok) throw new Error('expected a bad ref');
    expect(command.orderRef.reason).toBe('length');
    expect(command.orderRef.typed.length).toBeLessThanOrEqual(24);
  });
});

describe('admin commands', () => {
  it.each([
    ['!order-confirm ord-7k2m9q', { kind: 'order-confirm', orderRef: { ok: true, id: ID } }],
    ['!order confirm ORD-7K2M9Q', { kind: 'order-confirm', orderRef: { ok: true, id: ID } }],
    ['!orderconfirm 7k2m9q', { kind: 'order-confirm', orderRef: { ok: true, id: ID } }],
    ['!ORDER_CONFIRM  ord 7k2m9q', { kind: 'order-confirm', orderRef: { ok: true, id: ID } }],
    ['!confirm 7k2m9q', { kind: 'order-confirm', orderRef: { ok: true, id: ID } }],
    ['!order-confirm', { kind: 'order-confirm', orderRef: { ok: false, typed: '', reason: 'missing' } }],
    ['!provision-retry ord-7k2m9q', { kind: 'provision-retry', orderRef: { ok: true, id: ID } }],
    ['!retry 7K2M9Q', { kind: 'provision-retry', orderRef: { ok: true, id: ID } }],
    ['!provision-status', { kind: 'provision-status' }],
    ['!provision status', { kind: 'provision-status' }],
    ['!provision-status ord-7k2m9q', { kind: 'provision-status', orderRef: { ok: true, id: ID } }],
    ['!provision-status nope', { kind: 'provision-status', orderRef: { ok: false, typed: 'nope', reason: 'length' } }],
    ['!provision-test', { kind: 'provision-test' }],
    ['!PROVISION TEST', { kind: 'provision-test' }],
  ])('%j → %j', (text, expected) => {
    expect(typed(text, ADMIN)).toEqual(expected);
  });

  it('parses the same way for customers; permission is checked elsewhere', () => {
    // Act
    const command = typed('!order-confirm ORD-7K2M9Q', CUSTOMER);
    // Assert
    expect(command.kind).toBe('order-confirm');
    expect(isAdminCommand(command)).toBe(true);
  });

  it.each([
    ['!order-cancel ORD-7K2M9Q customer changed their mind', 'customer changed their mind'],
    ['!order-cancel ord 7k2m9q paid twice', 'paid twice'],
    ['!order cancel 7K2M9Q   fraud  ', 'fraud'],
  ])('%j keeps the reason words', (text, reason) => {
    expect(typed(text, ADMIN)).toEqual({ kind: 'order-cancel', orderRef: { ok: true, id: ID }, reason });
  });

  it('!order-cancel without a reason has none', () => {
    expect(typed('!order-cancel ORD-7K2M9Q', ADMIN)).toEqual({ kind: 'order-cancel', orderRef: { ok: true, id: ID } });
  });

  it('caps a very long reason', () => {
    const command = typed(`!order-cancel ${ID} ${'why '.repeat(200)}`, ADMIN);
    expect(command).toMatchObject({ kind: 'order-cancel', orderRef: { ok: true, id: ID } });
    if (command.kind !== 'order-cancel') throw new Error('expected order-cancel');
    expect(command.reason?.length).toBeLessThanOrEqual(200);
  });
});

describe('!orders filters', () => {
  it.each([
    ['!orders', 'OPEN'],
    ['!orders open', 'OPEN'],
    ['!orders all', 'ALL'],
    ['!orders ALL', 'ALL'],
    ['!orders pending', 'PENDING'],
    ['!orders confirmed', 'CONFIRMED'],
    ['!orders provisioning', 'PROVISIONING'],
    ['!orders completed', 'COMPLETED'],
    ['!orders cancelled', 'CANCELLED'],
    ['!orders failed', 'FAILED'],
    ['!Orders  Failed', 'FAILED'],
    ['orders pending', 'PENDING'],
    ['!orders confirmd', 'CONFIRMED'],
    ['!orders canceled', 'CANCELLED'],
    ['!orders pendng', 'PENDING'],
    ['!orders fail', 'FAILED'],
    ['!orders complete', 'COMPLETED'],
  ])('%j → %s', (text, filter) => {
    expect(typed(text, ADMIN)).toEqual({ kind: 'admin-orders', filter });
  });

  it.each(['xyz', 'banana', '123', 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq', '🙂'])(
    'junk %j shows all open orders and says the filter was not understood',
    (junk) => {
      // Act
      const command = typed(`!orders ${junk}`, ADMIN);
      // Assert
      expect(command).toMatchObject({ kind: 'admin-orders', filter: 'OPEN' });
      if (command.kind !== 'admin-orders') throw new Error('expected admin-orders');
      expect(command.badFilter).toBeDefined();
      expect(command.badFilter!.length).toBeLessThanOrEqual(24);
    },
  );
});

describe('interactive replies', () => {
  it.each([
    [commandId.packages(), { kind: 'packages' }],
    [commandId.order('gold'), { kind: 'order', packageRef: 'gold' }],
    [commandId.myOrders(), { kind: 'my-orders' }],
    [commandId.status(ID), { kind: 'status', orderRef: { ok: true, id: ID } }],
    [commandId.cancel(ID), { kind: 'cancel', orderRef: { ok: true, id: ID } }],
    [commandId.help(), { kind: 'help' }],
    [commandId.confirm(ID), { kind: 'order-confirm', orderRef: { ok: true, id: ID } }],
    [commandId.adminCancel(ID), { kind: 'order-cancel', orderRef: { ok: true, id: ID } }],
    [commandId.retry(ID), { kind: 'provision-retry', orderRef: { ok: true, id: ID } }],
    [commandId.provisionStatus(ID), { kind: 'provision-status', orderRef: { ok: true, id: ID } }],
    [commandId.orders('FAILED'), { kind: 'admin-orders', filter: 'FAILED' }],
    [commandId.orders('PENDING'), { kind: 'admin-orders', filter: 'PENDING' }],
    [commandId.orders('ALL'), { kind: 'admin-orders', filter: 'ALL' }],
    [commandId.resetPassword(), { kind: 'reset-password', step: 'ask' }],
    [commandId.resetPassword('confirm'), { kind: 'reset-password', step: 'confirm' }],
    [commandId.resetPassword('keep'), { kind: 'reset-password', step: 'keep' }],
    [
      commandId.adminResetPassword(ID, 'confirm'),
      { kind: 'admin-reset-password', orderRef: { ok: true, id: ID }, step: 'confirm' },
    ],
  ])('button %j → %j', (buttonId, expected) => {
    // Act
    const tapped = parseCommand({ buttonId }, ADMIN);
    const typedSame = parseCommand({ text: buttonId }, ADMIN);
    // Assert
    expect(tapped).toEqual(expected);
    expect(tapped).toEqual(typedSame);
  });

  it('a tap wins over the text that came with it', () => {
    expect(parseCommand({ buttonId: commandId.help(), text: 'Order status' })).toEqual({ kind: 'help' });
  });
});

describe('greetings and the menu', () => {
  it.each([
    'hi',
    'Hi!',
    'hello',
    'Olá',
    'ola',
    'oi',
    'Oi, tudo bem?',
    'bom dia',
    'Bom Dia!',
    'good morning',
    'hey there',
  ])('%j → menu greeting', (text) => {
    expect(typed(text)).toEqual({ kind: 'menu', reason: 'greeting' });
  });

  it.each([
    ['!pakages', '!packages'],
    ['!stauts ORD-7K2M9Q', '!status'],
    ['!hlep', '!help'],
    ['!cancle', '!cancel'],
    ['!my-ordrs', '!my-orders'],
    ['ordr gold', '!order'],
  ])('unknown %j suggests %s to a customer', (text, suggestion) => {
    expect(typed(text)).toMatchObject({ kind: 'menu', reason: 'unknown', suggestion });
  });

  it.each([
    ['!provison-status', '!provision-status'],
    ['!provision-rety ORD-7K2M9Q', '!provision-retry'],
    ['!provison-test', '!provision-test'],
    ['!ordrs', '!orders'],
  ])('unknown %j suggests the admin command %s to an admin', (text, suggestion) => {
    expect(typed(text, ADMIN)).toMatchObject({ kind: 'menu', reason: 'unknown', suggestion });
  });

  it.each(['!provison-status', '!provision-rety ORD-7K2M9Q', '!provison-test'])(
    'never suggests an admin command to a customer (%j)',
    (text) => {
      // Act
      const command = typed(text, CUSTOMER);
      // Assert
      expect(command).toMatchObject({ kind: 'menu', reason: 'unknown' });
      if (command.kind !== 'menu') throw new Error('expected menu');
      if (command.suggestion !== undefined)
        expect(CUSTOMER_COMMANDS as readonly string[]).toContain(command.suggestion);
    },
  );

  it('suggestions are always real commands', () => {
    const all: readonly string[] = [...CUSTOMER_COMMANDS, ...ADMIN_COMMANDS];
    for (const text of ['!pakages', '!x', '!hel', '!stat', '!provison', '!ordr', '!cnfirm 7k2m9q', '!zzz', 'statsu']) {
      for (const options of [ADMIN, CUSTOMER]) {
        const command = typed(text, options);
        if (command.kind === 'menu' && command.suggestion) expect(all).toContain(command.suggestion);
      }
    }
  });

  it('a sentence without "!" is not a command and gets no suggestion', () => {
    for (const text of ['I would like to order a gold server please', 'order a gold server please']) {
      const command = typed(text);
      expect(command).toMatchObject({ kind: 'menu', reason: 'unknown' });
      if (command.kind === 'menu') expect(command.suggestion).toBeUndefined();
    }
  });

  it('media without a caption → menu media', () => {
    expect(parseCommand({})).toEqual({ kind: 'menu', reason: 'media' });
  });

  it('a caption is read as text', () => {
    expect(parseCommand({ text: '!status ORD-7K2M9Q' })).toMatchObject({ kind: 'status' });
  });
});

describe('junk never breaks the parser', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t  '],
    ['zero-width only', '\u200B\u200C\u200D\uFEFF'],
    ['a bare prefix', '!'],
    ['prefixes only', '!!!'],
  ])('%s → menu empty', (_, text) => {
    expect(typed(text)).toEqual({ kind: 'menu', reason: 'empty' });
  });

  it('zero-width characters inside a command are ignored', () => {
    expect(typed('!sta\u200Btus ORD-7K2M\u200D9Q')).toEqual({ kind: 'status', orderRef: { ok: true, id: ID } });
  });

  it.each([
    ['emoji only', '🎮🔥👍'],
    ['digits', '12345'],
    ['symbols', '%$&*()'],
    ['a lone surrogate', '\uD83D'],
    ['control characters', '\u0000\u0001\u0007'],
  ])('%s → menu unknown', (_, text) => {
    expect(typed(text)).toMatchObject({ kind: 'menu', reason: 'unknown' });
  });

  it('a 100 KB message returns quickly with a short echo', () => {
    // Arrange
    const huge = 'a'.repeat(100 * 1024);
    const hugeWords = 'lorem ipsum '.repeat(9000);
    // Act
    const started = performance.now();
    const one = typed(huge, ADMIN);
    const two = typed(`!order ${hugeWords}`, ADMIN);
    const three = typed(`!orders ${huge}`, ADMIN);
    const elapsed = performance.now() - started;
    // Assert
    expect(one).toMatchObject({ kind: 'menu', reason: 'unknown' });
    if (one.kind === 'menu') expect(one.typed?.length).toBeLessThanOrEqual(40);
    expect(two.kind).toBe('order');
    if (two.kind === 'order') expect(two.packageRef.length).toBeLessThanOrEqual(40);
    expect(three).toMatchObject({ kind: 'admin-orders', filter: 'OPEN' });
    expect(elapsed).toBeLessThan(500);
  });

  it('never throws and always returns a known command (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string(), fc.boolean(), (a, b, admin) => {
        for (const text of [a, b, `!${a}`, `!order ${a}`, `!status ${b}`, `!orders ${a}`]) {
          const command = parseCommand({ text }, { admin });
          expect(KINDS.has(command.kind)).toBe(true);
          const tap = parseCommand({ buttonId: text }, { admin });
          expect(KINDS.has(tap.kind)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('!reset-password', () => {
  it.each([
    ['!reset-password', 'ask'],
    ['reset password', 'ask'],
    ['!forgot-password', 'ask'],
    ['!new password', 'ask'],
    ['!reset-password confirm', 'confirm'],
    ['!reset-password yes', 'confirm'],
    ['!reset-password keep', 'keep'],
    ['!reset-password no', 'keep'],
  ])('a customer typing %j → %s', (text, step) => {
    expect(typed(text)).toEqual({ kind: 'reset-password', step });
  });

  it('a customer cannot name another order: the reset is always for their own account', () => {
    expect(typed(`!reset-password ${ID} confirm`)).toEqual({ kind: 'reset-password', step: 'confirm' });
    expect(isAdminCommand(typed(`!reset-password ${ID}`))).toBe(false);
  });

  it.each([
    [`!reset-password ${ID}`, 'ask'],
    [`!reset-password ord-7k2m9q confirm`, 'confirm'],
    [`!reset-password ORD 7K2M9Q keep`, 'keep'],
  ])("an admin typing %j resets the password of that order's customer (%s)", (text, step) => {
    const command = typed(text, ADMIN);
    expect(command).toEqual({ kind: 'admin-reset-password', orderRef: { ok: true, id: ID }, step });
    expect(isAdminCommand(command)).toBe(true);
  });

  it('an admin without an id resets their own password; a bad id is reported', () => {
    expect(typed('!reset-password confirm', ADMIN)).toEqual({ kind: 'reset-password', step: 'confirm' });
    expect(typed('!reset-password xyz', ADMIN)).toMatchObject({
      kind: 'admin-reset-password',
      orderRef: { ok: false, typed: 'xyz' },
    });
  });

  it('is listed for customers', () => {
    expect(CUSTOMER_COMMANDS as readonly string[]).toContain('!reset-password');
  });
});
