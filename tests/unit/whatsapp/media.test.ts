// Media on the Graph API: a photo or document as a reply-button message's header and as a template's
// header, always by an uploaded id (never a link); an inbound message's media id, parsed without its URL.

import { describe, expect, it } from 'vitest';
import { MessageLimitError } from '../../../shared/domain/domain-errors.js';
import { contentRequest, templateRequest } from '../../../shared/whatsapp/graph-request.js';
import { parseEnvelope } from '../../../shared/whatsapp/inbound.js';

const buttons = [
  { id: '!order-confirm ORD-7K2M9Q', title: 'Confirm payment' },
  { id: '!order-reject ORD-7K2M9Q', title: 'Reject' },
];

describe('media headers', () => {
  it('a photo above reply buttons, by id', () => {
    const request = contentRequest('15550105678', {
      type: 'buttons',
      media: { type: 'image', id: '4490709327384033' },
      body: 'Payment receipt',
      buttons,
    });
    expect(request).toMatchObject({
      type: 'interactive',
      interactive: { type: 'button', header: { type: 'image', image: { id: '4490709327384033' } } },
    });
  });

  it('a document keeps its name; a link, or a text header as well, is refused', () => {
    const doc = contentRequest('15550105678', {
      type: 'buttons',
      media: { type: 'document', id: '77', filename: 'comprovante.pdf' },
      body: 'Payment receipt',
      buttons,
    });
    expect(doc).toMatchObject({
      interactive: { header: { type: 'document', document: { id: '77', filename: 'comprovante.pdf' } } },
    });
    const link = { type: 'image' as const, id: 'https://example.com/x.jpg' };
    expect(() => contentRequest('15550105678', { type: 'buttons', media: link, body: 'x', buttons })).toThrow(
      MessageLimitError,
    );
    expect(() =>
      contentRequest('15550105678', {
        type: 'buttons',
        header: 'x',
        media: { type: 'image', id: '1' },
        body: 'x',
        buttons,
      }),
    ).toThrow(/one header/);
  });

  it('a template with the file as its header parameter, then the body and the quick replies', () => {
    const request = templateRequest(
      '15550105678',
      {
        name: 'spawnpoint_receipt_document_v1',
        header: { type: 'document', id: '77', filename: 'receipt.pdf' },
        bodyParams: ['Payment receipt for ORD-7K2M9Q'],
        quickReplies: buttons.map((b) => b.id),
      },
      'en_US',
    );
    expect(request.type === 'template' && request.template.components).toEqual([
      { type: 'header', parameters: [{ type: 'document', document: { id: '77', filename: 'receipt.pdf' } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Payment receipt for ORD-7K2M9Q' }] },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '0',
        parameters: [{ type: 'payload', payload: buttons[0]!.id }],
      },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '1',
        parameters: [{ type: 'payload', payload: buttons[1]!.id }],
      },
    ]);
  });
});

describe('inbound media', () => {
  it('keeps the id, type and name of a document, and leaves its URL behind', () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '200000000000002',
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '100000000000001' },
                contacts: [{ wa_id: '15550101234', profile: { name: 'João' } }],
                messages: [
                  {
                    from: '15550101234',
                    id: 'wamid.doc1',
                    timestamp: '1767225900',
                    type: 'document',
                    document: {
                      id: '300000000000009',
                      mime_type: 'application/pdf',
                      sha256: 'c2hh',
                      filename: 'comprovante.pdf',
                      caption: 'ORD-7K2M9Q',
                      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&hash=secret',
                    },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const parsed = parseEnvelope(body);
    expect(parsed.ok && parsed.events[0]).toMatchObject({
      content: {
        kind: 'media',
        mediaType: 'document',
        mediaId: '300000000000009',
        mimeType: 'application/pdf',
        filename: 'comprovante.pdf',
        caption: 'ORD-7K2M9Q',
      },
    });
    expect(JSON.stringify(parsed)).not.toContain('hash=secret');
  });
});
