import { describe, expect, it } from 'vitest';
import {
  eventDedupId,
  eventGroupId,
  type InboundEvent,
  type InboundMessageEvent,
  type InboundStatusEvent,
  parseEnvelope,
} from '../../../shared/whatsapp/inbound.js';
import { fixtureText } from './fixtures.js';

function events(name: string): InboundEvent[] {
  const result = parseEnvelope(fixtureText(name));
  if (!result.ok) throw new Error(result.error);
  return result.events;
}

function envelope(value: Record<string, unknown>, field = 'messages'): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '200000000000002',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100000', phone_number_id: '100000000000001' },
              ...value,
            },
            field,
          },
        ],
      },
    ],
  });
}

describe('parseEnvelope', () => {
  it('reads a text message with escaped non-ASCII characters and an emoji', () => {
    const [event] = events('01-inbound-text.json');
    expect(event).toEqual({
      type: 'message',
      id: 'wamid.HBgLMTU1NTAxMDEyMzQVAgASGBQzQUZBS0UwMDAwMDAwMDAwMDAwMQA=',
      from: '15550101234',
      waId: '15550101234',
      name: 'João Cliente',
      timestamp: 1767225600,
      phoneNumberId: '100000000000001',
      content: { kind: 'text', text: 'Olá! Preciso do acesso ao meu servidor 🚀' },
    });
  });

  it('reads the signed fixture with an escaped slash', () => {
    const [event] = events('signed/inbound-text.raw.json');
    expect(event?.type === 'message' && event.content).toEqual({ kind: 'text', text: 'Olá! Meu IP é 10.0.0.1/24 🚀' });
  });

  it.each([
    [
      '02-inbound-interactive-button-reply.json',
      { id: 'approve:order-4711', title: 'Approve', source: 'button_reply' },
    ],
    ['03-inbound-interactive-list-reply.json', { id: 'plan:vps-medium', title: 'VPS Medium', source: 'list_reply' }],
    [
      '04-inbound-template-quick-reply-button.json',
      { id: 'ack:incident-9001', title: 'Acknowledge', source: 'template_button' },
    ],
  ])('reads %s as a reply with the id we assigned', (file, reply) => {
    const [event] = events(file) as InboundMessageEvent[];
    expect(event?.content).toEqual({ kind: 'reply', ...reply });
    expect(event?.contextId).toMatch(/^wamid\./);
  });

  it('yields every message of a batch in timestamp order, not array order', () => {
    const batch = events('08-batched-multiple-messages.json') as InboundMessageEvent[];
    expect(batch.map((e) => [e.from, e.timestamp])).toEqual([
      ['15550105678', 1767225899],
      ['15550101234', 1767225900],
    ]);
    expect(batch[0]?.content).toEqual({ kind: 'text', text: '/status server-42' });
    expect(batch[0]?.name).toBe('Ana Admin');
    expect(batch[1]?.content).toEqual({
      kind: 'media',
      mediaType: 'image',
      caption: 'Erro na tela de login',
      mediaId: '300000000000003',
      mimeType: 'image/jpeg',
    });
    expect(batch[1]?.name).toBe('João Cliente');
  });

  it('yields every status of a batch in timestamp order with per-status dedup ids', () => {
    const statuses = events('05-status-updates-batch.json') as InboundStatusEvent[];
    expect(statuses.map((s) => [s.status, s.timestamp])).toEqual([
      ['sent', 1767226000],
      ['delivered', 1767226002],
      ['read', 1767226003],
    ]);
    expect(statuses.map(eventDedupId)).toEqual([
      'wamid.HBgLMTU1NTAxMDEyMzQVAgARGBJDUkVERU5USUFMUzAwMDAwMDAxAA==:sent',
      'wamid.HBgLMTU1NTAxMDEyMzQVAgARGBJDUkVERU5USUFMUzAwMDAwMDAxAA==:delivered',
      'wamid.HBgLMTU1NTAxMDU2NzgVAgARGBJBRE1JTkFMRVJUMDAwMDAwMDEA:read',
    ]);
    expect(statuses.map(eventGroupId)).toEqual(['15550101234', '15550101234', '15550105678']);
  });

  it('keeps the errors of failed statuses', () => {
    const [windowClosed, undeliverable] = events('06-status-failed-with-errors.json') as InboundStatusEvent[];
    expect(windowClosed?.status).toBe('failed');
    expect(windowClosed?.errors).toEqual([
      {
        code: 131047,
        title: 'Re-engagement message',
        details:
          'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      },
    ]);
    expect(undeliverable?.recipient).toBe('15550199999');
    expect(undeliverable?.errors.map((e) => e.code)).toEqual([131026]);
  });

  it('turns an unsupported message into unsupported content, not an error', () => {
    const [event] = events('07-inbound-unsupported.json') as InboundMessageEvent[];
    expect(event?.content).toEqual({ kind: 'unsupported', what: 'unsupported:poll_creation' });
  });

  it.each([
    ['location', { location: { latitude: 1, longitude: 2 } }, 'location'],
    ['reaction', { reaction: { message_id: 'wamid.x', emoji: '👍' } }, 'reaction'],
    ['system', { system: { body: 'changed number' } }, 'system'],
    ['interactive', { interactive: { type: 'nfm_reply', nfm_reply: {} } }, 'interactive:nfm_reply'],
    ['something_new', {}, 'something_new'],
  ])('does not throw on a %s message', (type, extra, what) => {
    const body = envelope({
      contacts: [{ profile: { name: 'x' }, wa_id: '15550101234' }],
      messages: [{ from: '15550101234', id: 'wamid.A', timestamp: '1767225600', type, ...extra }],
    });
    const result = parseEnvelope(body);
    expect(result.ok && result.events[0]?.type === 'message' && result.events[0].content).toEqual({
      kind: 'unsupported',
      what,
    });
  });

  it('gives a redelivered message the same dedup id', () => {
    const first = events('01-inbound-text.json');
    const again = events('01-inbound-text.json');
    expect(first.map(eventDedupId)).toEqual(again.map(eventDedupId));
    expect(eventDedupId(first[0] as InboundEvent)).toBe(
      'wamid.HBgLMTU1NTAxMDEyMzQVAgASGBQzQUZBS0UwMDAwMDAwMDAwMDAwMQA=',
    );
  });

  it('falls back to the business-scoped user id when Meta omits wa_id and from', () => {
    const body = envelope({
      contacts: [{ profile: { name: 'Gamer', username: '@gamer' }, user_id: 'US.13491208655302741918' }],
      messages: [
        {
          from_user_id: 'US.13491208655302741918',
          id: 'wamid.B',
          timestamp: '1767225600',
          type: 'text',
          text: { body: '!packages' },
        },
      ],
    });
    const result = parseEnvelope(body);
    expect(result.ok).toBe(true);
    const [event] = (result.ok ? result.events : []) as InboundMessageEvent[];
    expect(event).toMatchObject({ from: 'US.13491208655302741918', userId: 'US.13491208655302741918', name: 'Gamer' });
    expect(event?.waId).toBeUndefined();
    expect(eventGroupId(event as InboundEvent)).toBe('US.13491208655302741918');
  });

  it('uses the recipient user id of a status without recipient_id', () => {
    const body = envelope({
      statuses: [{ id: 'wamid.C', status: 'delivered', timestamp: '1767225600', recipient_user_id: 'US.1' }],
    });
    const result = parseEnvelope(body);
    expect(result.ok && result.events[0]).toMatchObject({ type: 'status', recipient: 'US.1', errors: [] });
  });

  it('keeps value-level errors as an error event stamped with the receive time', () => {
    const result = parseEnvelope(envelope({ errors: [{ code: 130429, title: 'Rate limit hit' }] }), 1767230000);
    expect(result).toEqual({
      ok: true,
      events: [
        {
          type: 'error',
          timestamp: 1767230000,
          phoneNumberId: '100000000000001',
          errors: [{ code: 130429, title: 'Rate limit hit' }],
        },
      ],
      rejected: [],
    });
  });

  it('skips changes of fields it does not handle', () => {
    expect(parseEnvelope(envelope({ anything: true }, 'account_update'))).toEqual({
      ok: true,
      events: [],
      rejected: [],
    });
  });

  it('splits every entry and change', () => {
    const one = JSON.parse(fixtureText('01-inbound-text.json'));
    const statuses = JSON.parse(fixtureText('05-status-updates-batch.json'));
    one.entry.push(...statuses.entry);
    one.entry[0].changes.push(
      JSON.parse(fixtureText('04-inbound-template-quick-reply-button.json')).entry[0].changes[0],
    );
    const result = parseEnvelope(JSON.stringify(one));
    expect(result.ok && result.events.map((e) => e.timestamp)).toEqual([
      1767225600, 1767225780, 1767226000, 1767226002, 1767226003,
    ]);
  });

  it.each([
    ['not JSON', 'garbage {'],
    ['another object', JSON.stringify({ object: 'page', entry: [] })],
    ['no entry', JSON.stringify({ object: 'whatsapp_business_account' })],
    ['a JSON array', '[]'],
  ])('reports %s as not ok, without throwing or echoing the body', (_what, raw) => {
    const result = parseEnvelope(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).not.toContain('garbage');
  });

  it.each([
    ['no metadata', envelope({ metadata: undefined, messages: [] }), 'entry[0].changes[0].value'],
    [
      'a message without id',
      envelope({ messages: [{ from: '1', timestamp: '1', type: 'text' }] }),
      'entry[0].changes[0].value.messages[0]',
    ],
    [
      'a message without sender',
      envelope({ messages: [{ id: 'wamid.D', timestamp: '1', type: 'text' }] }),
      'entry[0].changes[0].value.messages[0]',
    ],
  ])('rejects %s on its own, with its path', (_what, raw, path) => {
    const result = parseEnvelope(raw);
    expect(result.ok && result.events).toEqual([]);
    expect(result.ok && result.rejected.map((r) => r.path)).toEqual([path]);
  });

  it('keeps the good messages of a body when one of them does not parse', () => {
    const good = { from: '15550101234', id: 'wamid.GOOD', timestamp: '1767225600', type: 'text', text: { body: 'hi' } };
    const bad = { from: '15550101234', timestamp: '1767225601', type: 'text' };
    const result = parseEnvelope(envelope({ messages: [good, bad] }));
    expect(result.ok && result.events.map((e) => e.type === 'message' && e.id)).toEqual(['wamid.GOOD']);
    expect(result.ok && result.rejected).toEqual([
      { path: 'entry[0].changes[0].value.messages[1]', error: expect.stringContaining('id'), raw: bad },
    ]);
  });

  it('produces events that survive a JSON round trip (they go on a queue)', () => {
    const all = [...events('08-batched-multiple-messages.json'), ...events('06-status-failed-with-errors.json')];
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
  });
});
