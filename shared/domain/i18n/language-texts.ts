// The language list (!language) and its answers, in every language.

import type { Book, Books } from './catalogue.js';

const en = {
  listBody: 'Which language should I write to you in? You can change it any time with *!language*.',
  listButton: 'Languages',
  listSection: 'Languages',
  kept: '✅ From now on I write to you in English. Type *!help* for all commands.',
  unknown: 'I don\'t know the language "{typed}". Pick one from the list.',
} as const;

const id: Book<typeof en> = {
  listBody: 'Mau pakai bahasa apa? Bisa diganti kapan saja dengan *!bahasa*.',
  listButton: 'Pilih bahasa',
  listSection: 'Bahasa',
  kept: '✅ Siap, mulai sekarang kami balas dalam Bahasa Indonesia. Ketik *!bantuan* untuk semua perintah.',
  unknown: 'Bahasa "{typed}" belum tersedia. Silakan pilih dari daftar.',
};

const ptBR: Book<typeof en> = {
  listBody: 'Em qual idioma você prefere falar comigo? Dá para trocar quando quiser com *!idioma*.',
  listButton: 'Idiomas',
  listSection: 'Idiomas',
  kept: '✅ Pronto! A partir de agora falo com você em português. Digite *!ajuda* para ver todos os comandos.',
  unknown: 'Não conheço o idioma "{typed}". Escolha um da lista.',
};

export const LANGUAGE_TEXTS: Books<typeof en> = { en, id, 'pt-BR': ptBR };
