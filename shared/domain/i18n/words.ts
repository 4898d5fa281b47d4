// What people type, in each language: the commands' own names, the packages' names, greetings, "I want",
// yes and no. The parser understands every language's words whatever the customer's language is, and the
// words tell which language a customer writes in while they have chosen none.

import type { Lang } from './lang.js';

/** The customer commands, and the name each language writes them with (shown in its help and suggestions). */
export const CUSTOMER_COMMAND_NAMES = {
  packages: { en: 'packages', id: 'paket', 'pt-BR': 'pacotes' },
  order: { en: 'order', id: 'pesan', 'pt-BR': 'pedido' },
  'my-orders': { en: 'my-orders', id: 'pesanan-saya', 'pt-BR': 'meus-pedidos' },
  'my-servers': { en: 'my-servers', id: 'server-saya', 'pt-BR': 'meus-servidores' },
  renew: { en: 'renew', id: 'perpanjang', 'pt-BR': 'renovar' },
  'payment-link': { en: 'payment-link', id: 'link-bayar', 'pt-BR': 'link-pagamento' },
  upgrade: { en: 'upgrade', id: 'naik-paket', 'pt-BR': 'upgrade' },
  downgrade: { en: 'downgrade', id: 'turun-paket', 'pt-BR': 'downgrade' },
  status: { en: 'status', id: 'status', 'pt-BR': 'status' },
  cancel: { en: 'cancel', id: 'batal', 'pt-BR': 'cancelar' },
  'reset-password': { en: 'reset-password', id: 'reset-sandi', 'pt-BR': 'nova-senha' },
  language: { en: 'language', id: 'bahasa', 'pt-BR': 'idioma' },
  help: { en: 'help', id: 'bantuan', 'pt-BR': 'ajuda' },
} as const satisfies Record<string, Record<Lang, string>>;

export type CustomerCommandName = keyof typeof CUSTOMER_COMMAND_NAMES;

/** "!pesan" for an Indonesian reader, "!order" for an English one. */
export function commandName(name: CustomerCommandName, lang: Lang): string {
  return `!${CUSTOMER_COMMAND_NAMES[name][lang]}`;
}

/** More words for the same commands (after lower-casing and dropping separators and accents). */
export const COMMAND_SYNONYMS: Readonly<Record<Lang, Readonly<Record<string, CustomerCommandName>>>> = {
  en: { plans: 'packages', prices: 'packages', price: 'packages', buy: 'order', lang: 'language' },
  id: {
    harga: 'packages',
    daftarpaket: 'packages',
    pesanan: 'my-orders',
    pesanansaya: 'my-orders',
    beli: 'order',
    order: 'order',
    serversaya: 'my-servers',
    perpanjangan: 'renew',
    bayar: 'payment-link',
    linkbayar: 'payment-link',
    naikpaket: 'upgrade',
    turunpaket: 'downgrade',
    batalkan: 'cancel',
    resetsandi: 'reset-password',
    resetpassword: 'reset-password',
    sandibaru: 'reset-password',
    lupasandi: 'reset-password',
    bantuan: 'help',
    tolong: 'help',
  },
  'pt-BR': {
    pacote: 'packages',
    planos: 'packages',
    precos: 'packages',
    preco: 'packages',
    catalogo: 'packages',
    pedir: 'order',
    comprar: 'order',
    pedidos: 'my-orders',
    meuspedidos: 'my-orders',
    meuservidor: 'my-servers',
    meusservidores: 'my-servers',
    servidores: 'my-servers',
    renovacao: 'renew',
    pagar: 'payment-link',
    linkpagamento: 'payment-link',
    linkdepagamento: 'payment-link',
    cancela: 'cancel',
    novasenha: 'reset-password',
    redefinirsenha: 'reset-password',
    esqueciasenha: 'reset-password',
    ajuda: 'help',
    lingua: 'language',
    linguagem: 'language',
  },
};

/** The packages' names in each language: "ouro" and "emas" are gold. */
export const TIER_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {},
  id: { perunggu: 'bronze', perak: 'silver', emas: 'gold', platina: 'platinum', berlian: 'diamond', intan: 'diamond' },
  'pt-BR': { bronze: 'bronze', prata: 'silver', ouro: 'gold', platina: 'platinum', diamante: 'diamond' },
};

export const GREETINGS: Readonly<Record<Lang, readonly string[]>> = {
  en: ['hi', 'hello', 'hey', 'hiya', 'yo', 'start', 'goodmorning', 'goodafternoon', 'goodevening'],
  id: [
    'halo',
    'hallo',
    'hai',
    'selamatpagi',
    'selamatsiang',
    'selamatsore',
    'selamatmalam',
    'pagi',
    'siang',
    'sore',
    'malam',
    'permisi',
    'assalamualaikum',
    'halomin',
    'halokak',
    'halogan',
  ],
  'pt-BR': ['oi', 'ola', 'olá', 'opa', 'eae', 'eai', 'bomdia', 'boatarde', 'boanoite', 'hola', 'salve', 'oii'],
};

/** Words that say "I want to buy": with a package's name in the same short message, it is an order. */
export const ORDER_INTENT: Readonly<Record<Lang, readonly string[]>> = {
  en: ['want', 'buy', 'get', 'take', 'purchase'],
  id: ['pesan', 'beli', 'mau', 'ingin', 'order', 'ambil', 'minta'],
  'pt-BR': ['quero', 'queria', 'comprar', 'pedir', 'gostaria', 'manda'],
};

/** Yes and no, for the typed forms of the confirm buttons. */
export const YES_WORDS = ['confirm', 'yes', 'ya', 'iya', 'konfirmasi', 'sim', 'confirmar', 'confirmo'];
export const NO_WORDS = ['keep', 'no', 'tidak', 'nggak', 'gak', 'batal', 'nao', 'não', 'manter'];

/** Everyday words that only one of the three languages uses: enough to tell a customer's language. */
const TELLS: Readonly<Record<Lang, readonly string[]>> = {
  en: ['i', 'my', 'the', 'please', 'want', 'how', 'what', 'thanks', 'thank', 'you', 'is', 'can', 'need', 'and'],
  id: [
    'saya',
    'aku',
    'mau',
    'ingin',
    'tolong',
    'bisa',
    'berapa',
    'gan',
    'kak',
    'min',
    'dong',
    'yang',
    'untuk',
    'dan',
    'terima',
    'kasih',
    'makasih',
    'apa',
    'gimana',
    'bagaimana',
    'sudah',
    'belum',
    'transfer',
  ],
  'pt-BR': [
    'eu',
    'meu',
    'minha',
    'quero',
    'queria',
    'por',
    'favor',
    'obrigado',
    'obrigada',
    'valeu',
    'qual',
    'como',
    'voce',
    'você',
    'um',
    'uma',
    'para',
    'pra',
    'paguei',
    'preciso',
    'tudo',
    'bem',
  ],
};

function key(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The packages' own names (TIER_IDS) are every language's words: they tell no language. */
const NEUTRAL: ReadonlySet<string> = new Set(['bronze', 'silver', 'gold', 'platinum', 'diamond']);

const OWN_WORDS: ReadonlyMap<Lang, ReadonlySet<string>> = new Map(
  (['en', 'id', 'pt-BR'] as const).map((lang) => [
    lang,
    new Set(
      [
        ...Object.values(CUSTOMER_COMMAND_NAMES).map((names) => names[lang]),
        ...Object.keys(COMMAND_SYNONYMS[lang]),
        ...Object.keys(TIER_WORDS[lang]),
        ...GREETINGS[lang],
        ...ORDER_INTENT[lang],
        ...TELLS[lang],
      ]
        .map(key)
        .filter((w) => !NEUTRAL.has(w)),
    ),
  ]),
);

/**
 * The language a message is written in, when its words say so: the language with the most words of its
 * own (words two languages share count for neither), or undefined when none leads.
 */
export function languageOfWords(text: string): Lang | undefined {
  const words = text
    .split(/[\s,.;:!?¿¡()"'*]+/u)
    .map(key)
    .filter((w) => w.length > 0);
  const joined = key(text);
  const scores = new Map<Lang, number>();
  for (const [lang, own] of OWN_WORDS) {
    let score = words.filter((w) => own.has(w) && !ownedElsewhere(w, lang)).length;
    if (own.has(joined) && !ownedElsewhere(joined, lang)) score += 1;
    scores.set(lang, score);
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  return first && first[1] > 0 && first[1] > (second?.[1] ?? 0) ? first[0] : undefined;
}

function ownedElsewhere(word: string, lang: Lang): boolean {
  for (const [other, own] of OWN_WORDS) if (other !== lang && own.has(word)) return true;
  return false;
}

export function normaliseWord(word: string): string {
  return key(word);
}
