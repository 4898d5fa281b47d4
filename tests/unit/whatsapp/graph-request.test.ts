import { describe, expect, it } from 'vitest';
import { MessageLimitError } from '../../../shared/domain/domain-errors.js';
import { TEMPLATES } from '../../../shared/domain/messages.js';
import type { OutboundMessage } from '../../../shared/domain/outbound.js';
import {
  contentRequest,
  messageRequest,
  NoTemplateFormError,
  recipientField,
  templateRequest,
} from '../../../shared/whatsapp/graph-request.js';
import { fixtureText } from './fixtures.js';

const fixture = (name: string) => JSON.parse(fixtureText(`send-api/${name}`));

describe('Graph request builders', () => {
  it('builds a text request with + and country code and no link preview', () => {
    const body =
      '*Servidor pronto* ✅\nHost: ```srv-42.example.net```\nUsuário: ```deploy```\n_Troque a senha no primeiro acesso._';
    expect(contentRequest('15550101234', { type: 'text', body })).toEqual(fixture('request-text.json'));
  });

  it('builds reply buttons like the reference request', () => {
    const request = contentRequest('15550105678', {
      type: 'buttons',
      header: 'Provisioning failed',
      body: 'Order 4711 failed at step *dns*. Retry or cancel?',
      footer: 'ops-bot',
      buttons: [
        { id: 'retry:order-4711', title: 'Retry' },
        { id: 'cancel:order-4711', title: 'Cancel' },
        { id: 'details:order-4711', title: 'Details' },
      ],
    });
    expect(request).toEqual(fixture('request-interactive-buttons.json'));
  });

  it('builds a list like the reference request', () => {
    const request = contentRequest('+1 555 010 1234', {
      type: 'list',
      header: 'Choose a plan',
      body: 'Which server size do you need?',
      footer: 'Prices excl. VAT',
      button: 'See plans',
      sections: [
        {
          title: 'Shared',
          rows: [
            { id: 'plan:vps-small', title: 'VPS Small', description: '2 vCPU / 4 GB RAM' },
            { id: 'plan:vps-medium', title: 'VPS Medium', description: '4 vCPU / 8 GB RAM' },
          ],
        },
        {
          title: 'Dedicated',
          rows: [{ id: 'plan:dedicated-1', title: 'Dedicated 1', description: '16 cores / 64 GB RAM' }],
        },
      ],
    });
    expect(request).toEqual(fixture('request-interactive-list.json'));
  });

  it('builds the template form with body parameters and quick-reply payloads', () => {
    const request = templateRequest(
      '15550105678',
      { name: 'admin_alert_v1', bodyParams: ['srv-42', 'disk usage 97%'], quickReplies: ['ack:incident-9001'] },
      'en_US',
    );
    expect(request).toEqual(fixture('request-template.json'));
  });

  it('addresses a business-scoped user id with recipient instead of to', () => {
    expect(recipientField('US.13491208655302741918')).toEqual({ recipient: 'US.13491208655302741918' });
    expect(contentRequest('US.13491208655302741918', { type: 'text', body: 'hi' })).not.toHaveProperty('to');
  });

  it('adds the quoted message and the callback data when given', () => {
    const request = contentRequest(
      '15550101234',
      { type: 'text', body: 'hi' },
      { replyTo: 'wamid.X', callbackData: 'n-1' },
    );
    expect(request).toMatchObject({ context: { message_id: 'wamid.X' }, biz_opaque_callback_data: 'n-1' });
  });

  it('refuses a recipient that is neither a number nor a user id', () => {
    expect(() => recipientField('João')).toThrow(MessageLimitError);
  });

  it.each([
    [{ type: 'text', body: 'x'.repeat(4097) }, /text body is 4097 characters; the Cloud API allows 4096/],
    [{ type: 'buttons', body: 'b', buttons: [{ id: 'a', title: 'A title that is too long' }] }, /button title/],
    [
      { type: 'buttons', body: 'b', buttons: ['1', '2', '3', '4'].map((i) => ({ id: i, title: i })) },
      /4 buttons; the Cloud API allows 3/,
    ],
    [
      {
        type: 'list',
        body: 'b',
        button: 'Open',
        sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }],
      },
      /11 rows/,
    ],
  ] as const)('refuses over-long content with a clear error (%#)', (content, message) => {
    expect(() => contentRequest('15550101234', content as never)).toThrow(message);
    expect(() => contentRequest('15550101234', content as never)).toThrow(MessageLimitError);
  });

  it.each([
    ['a newline', 'line one\nline two', /newline or tab/],
    ['a tab', 'a\tb', /newline or tab/],
    ['five spaces', 'a     b', /more than 4 consecutive spaces/],
    ['nothing', '', /is empty/],
  ])('refuses a template parameter with %s', (_what, param, message) => {
    expect(() => templateRequest('15550101234', { name: TEMPLATES.adminAlert, bodyParams: [param] }, 'en_US')).toThrow(
      message,
    );
  });

  it('sends the template form only when asked, and refuses a message without one', () => {
    const withTemplate: OutboundMessage = {
      to: '15550101234',
      lang: 'en',
      kind: 'order-update',
      content: { type: 'text', body: 'Payment confirmed' },
      template: { name: TEMPLATES.orderUpdate, bodyParams: ['ORD-7K2M9Q', 'Payment confirmed'] },
    };
    expect(messageRequest(withTemplate, 'free-form', 'en_US').type).toBe('text');
    expect(messageRequest(withTemplate, 'template', 'en_US')).toMatchObject({
      type: 'template',
      template: { name: 'spawnpoint_order_update_v1', language: { code: 'en_US' } },
    });
    const { template: _none, ...reply } = withTemplate;
    expect(() => messageRequest({ ...reply, kind: 'reply' }, 'template', 'en_US')).toThrow(NoTemplateFormError);
  });
});
