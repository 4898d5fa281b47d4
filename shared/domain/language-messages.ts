// The language list and its answers (!language): the one place a customer picks the language they read.

import { commandId } from './commands.js';
import { say } from './i18n/catalogue.js';
import { LANGS, LANGUAGE_NAMES } from './i18n/lang.js';
import { LANGUAGE_TEXTS } from './i18n/language-texts.js';
import type { Recipient } from './i18n/locale.js';
import { msg, text } from './message-format.js';
import type { OutboundMessage } from './outbound.js';

/** The three languages as a list; a tap keeps one (`!language pt-BR`). */
export function languageList(to: Recipient, typed?: string): OutboundMessage {
  const t = say(LANGUAGE_TEXTS, to.locale.lang);
  return msg(to, 'reply', {
    type: 'list',
    body: typed ? `${t('unknown', { typed })}\n\n${t('listBody')}` : t('listBody'),
    button: t('listButton'),
    sections: [
      {
        title: t('listSection'),
        rows: LANGS.map((lang) => ({ id: commandId.language(lang), title: LANGUAGE_NAMES[lang] })),
      },
    ],
  });
}

/** Said in the language just kept. */
export function languageKept(to: Recipient): OutboundMessage {
  return msg(to, 'reply', text(say(LANGUAGE_TEXTS, to.locale.lang)('kept')));
}
