// Words several messages share: a package's resources, a price's period, an order's status as its customer
// reads it, and how long until something can be asked again.

import type { Book, Books } from './catalogue.js';

const en = {
  resources: '{memory} RAM · {cpu} · {disk} disk',
  databases: { one: '{n} database', other: '{n} databases' },
  ports: { one: '{n} port', other: '{n} ports' },
  backups: { one: '{n} backup', other: '{n} backups' },
  perMonth: '{amount}/month',
  perYear: '{amount}/year',
  perDays: { one: '{amount} per day', other: '{amount} per {n} days' },
  statusPending: 'waiting for payment',
  statusConfirmedDelayed: 'paid, setup delayed (our team is on it)',
  statusConfirmed: 'paid, setup starting soon',
  statusProvisioning: 'setting up your server',
  statusCompleted: 'ready',
  statusCancelled: 'cancelled',
  minutes: { one: '{n} minute', other: '{n} minutes' },
  hours: { one: '{n} hour', other: '{n} hours' },
  payOnlineOrByHand: 'Pay online with the *Pay now* button we send you, or by hand: {manual}',
} as const;

const id: Book<typeof en> = {
  resources: 'RAM {memory} · {cpu} · disk {disk}',
  databases: { one: '{n} database', other: '{n} database' },
  ports: { one: '{n} port', other: '{n} port' },
  backups: { one: '{n} backup', other: '{n} backup' },
  perMonth: '{amount}/bulan',
  perYear: '{amount}/tahun',
  perDays: { one: '{amount} per hari', other: '{amount} per {n} hari' },
  statusPending: 'menunggu pembayaran',
  statusConfirmedDelayed: 'sudah dibayar, setup tertunda (tim kami sedang menanganinya)',
  statusConfirmed: 'sudah dibayar, setup segera dimulai',
  statusProvisioning: 'server sedang disiapkan',
  statusCompleted: 'siap dipakai',
  statusCancelled: 'dibatalkan',
  minutes: { one: '{n} menit', other: '{n} menit' },
  hours: { one: '{n} jam', other: '{n} jam' },
  payOnlineOrByHand: 'Bayar online lewat tombol *Bayar sekarang* yang kami kirim, atau transfer manual: {manual}',
};

const ptBR: Book<typeof en> = {
  resources: '{memory} de RAM · {cpu} · {disk} de disco',
  databases: { one: '{n} banco de dados', other: '{n} bancos de dados' },
  ports: { one: '{n} porta', other: '{n} portas' },
  backups: { one: '{n} backup', other: '{n} backups' },
  perMonth: '{amount}/mês',
  perYear: '{amount}/ano',
  perDays: { one: '{amount} por dia', other: '{amount} a cada {n} dias' },
  statusPending: 'aguardando pagamento',
  statusConfirmedDelayed: 'pago, instalação atrasada (nossa equipe já está cuidando)',
  statusConfirmed: 'pago, instalação começa em instantes',
  statusProvisioning: 'preparando seu servidor',
  statusCompleted: 'pronto',
  statusCancelled: 'cancelado',
  minutes: { one: '{n} minuto', other: '{n} minutos' },
  hours: { one: '{n} hora', other: '{n} horas' },
  payOnlineOrByHand: 'Pague online pelo botão *Pagar agora* que enviamos, ou manualmente: {manual}',
};

export const COMMON_TEXTS: Books<typeof en> = { en, id, 'pt-BR': ptBR };
