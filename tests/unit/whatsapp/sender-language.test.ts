// Templates are registered once per language: the sender sends a message's template form in the code of the
// language its reader reads (WHATSAPP_TEMPLATE_LANGUAGE, _ID, _PT_BR), and free-form text as it is.
import { describe, expect, it } from 'vitest';
import { LANGS, type Lang } from '../../../shared/domain/i18n/lang.js';
import type { OutboundMessage } from '../../../shared/domain/outbound.js';
import { GraphSender } from '../../../shared/runtime/sender.js';
import type { GraphClient } from '../../../shared/whatsapp/graph-client.js';
import type { GraphMessageRequest } from '../../../shared/whatsapp/graph-request.js';

const CODES: Record<Lang, string> = { en: 'en_US', id: 'id', 'pt-BR': 'pt_BR' };

function senderThatKeeps(sent: GraphMessageRequest[]): GraphSender {
  const graph = {
    send: async (request: GraphMessageRequest) => {
      sent.push(request);
      return { messageId: `wamid.${sent.length}` };
    },
  } as unknown as GraphClient;
  return new GraphSender(graph, CODES);
}

function message(lang: Lang): OutboundMessage {
  return {
    to: '15550101234',
    lang,
    kind: 'order-update',
    content: { type: 'text', body: 'x' },
    template: { name: 'spawnpoint_order_update_v1', bodyParams: ['ORD-7K2M9Q', 'x'] },
  };
}

describe('the sender', () => {
  it.each(LANGS)('sends a %s reader the template in that language', async (lang) => {
    const sent: GraphMessageRequest[] = [];
    await senderThatKeeps(sent).send(message(lang), 'template');
    const request = sent[0] as unknown as { template: { language: { code: string } } };
    expect(request.template.language.code).toBe(CODES[lang]);
  });
});
