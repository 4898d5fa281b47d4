// The outbox's and DeliverCredentials' sender: a domain message, in a form, through the Graph client.

import type { MessageSender, SendForm } from '../app/outbox-delivery.js';
import type { Lang } from '../domain/i18n/lang.js';
import type { OutboundMessage } from '../domain/outbound.js';
import type { GraphClient } from '../whatsapp/graph-client.js';
import { messageRequest } from '../whatsapp/graph-request.js';

export class GraphSender implements MessageSender {
  constructor(
    private readonly graph: GraphClient,
    private readonly templateLanguages: Readonly<Record<Lang, string>>,
  ) {}

  send(message: OutboundMessage, form: SendForm): Promise<{ messageId: string }> {
    return this.graph.send(messageRequest(message, form, this.templateLanguages[message.lang]));
  }
}
