// What customers and admins read about gateway payments, in every language (payment-messages.ts).
// Admin commands (!order-confirm, !suspend, !payment-link in an admin's notice) keep their English names.

import type { Book, Books } from './catalogue.js';

const en = {
  // What an order pays for
  paysForRenewal: { one: 'Renewal of {server}: {package}, {n} day', other: 'Renewal of {server}: {package}, {n} days' },
  paysForUpgrade: 'Upgrade of {server} to {package}',
  paysForNew: { one: '{package} server, {n} day', other: '{package} server, {n} days' },
  // The customer's payment page
  payNowWhat: '💳 *{id}*: {what}.',
  payNowWhatAmount: '💳 *{id}*: {what}, *{amount}*.',
  payNowTap:
    "Tap *{button}* to pay online with {gateway}. We'll confirm it here by ourselves, usually within a minute.",
  payNowUntil: 'The link works until {until}; a new one any time: *{paymentLink} {id}*.',
  payNowFooter: 'Secure payment page',
  payNowButton: 'Pay now',
  payNowTemplate: 'Pay {amount} for {what} online: {url}',
  linkUnavailable:
    "⚠️ Online payment is not available right now for *{id}*. Please try again later with *{paymentLink} {id}*, or pay by hand:\n{instructions}\n\nThen send the receipt here and we'll confirm it.",
  notNeededNoPrice:
    '*{id}* has no price to pay online; an admin will tell you how to pay. Type *{myOrders}* to see your orders.',
  notNeededCancelled: '*{id}* is cancelled. Type *{myOrders}* to see your orders.',
  notNeededPaid: '*{id}* is already paid. Type *{myOrders}* to see your orders.',
  linkOff: 'This shop takes payments by hand:\n{instructions}\n\nMention *{id}* with your payment.',
  paidCancelled:
    "💳 We received a payment for *{id}*, but that order was already cancelled, so nothing was set up. Our team will refund it or set up the server for you; we'll be in touch here. Questions: {contact}.",
  // The admins' notices
  adminLinkFailed:
    '⚠️ {gateway} could not make a payment link for *{id}* ({what}): {error}\nThe customer was told to pay by hand or to try *!payment-link {id}* later. Confirm a payment by hand with !order-confirm {id}.',
  confirmPaymentButton: 'Confirm payment',
  adminLinkFailedTemplate: 'Payment link for {id} failed: {error}',
  paid: '{amount} through {gateway} (payment {transaction}, checkout {reference})',
  unknownAmount: 'an unknown amount',
  mismatch:
    '🛑 A payment for *{id}* did not match, so nothing was confirmed: {why}.\nPaid: {paid}.\nCheck it in the {gateway} dashboard; refund it, or confirm by hand with !order-confirm {id}.',
  paidAgainCancelled:
    '⚠️ *{id}* is cancelled, and a payment for it arrived: {paid}.\nNothing was set up; the customer was told we will be in touch. Refund it in the {gateway} dashboard, or place the order again for them.',
  paidAgain:
    '⚠️ *{id}* was already paid, and a payment arrived: {paid}.{before}\nNothing was changed. If the customer paid twice, refund one payment in the {gateway} dashboard.',
  paidBefore: 'It was {how}.',
  reversed:
    '↩️ {gateway} reports *{status}* for the payment of *{id}* ({orderStatus}): {paid}.\nNothing was changed here; suspend or cancel by hand if needed (!suspend {target}).',
  refused:
    '🛑 A payment for *{id}* ({what}) was not applied: {why}.\nPaid: {paid}.\nRefund it in the {gateway} dashboard.',
} as const;

const id: Book<typeof en> = {
  paysForRenewal: {
    one: 'Perpanjangan {server}: {package}, {n} hari',
    other: 'Perpanjangan {server}: {package}, {n} hari',
  },
  paysForUpgrade: 'Upgrade {server} ke {package}',
  paysForNew: { one: 'Server {package}, {n} hari', other: 'Server {package}, {n} hari' },
  payNowWhat: '💳 *{id}*: {what}.',
  payNowWhatAmount: '💳 *{id}*: {what}, *{amount}*.',
  payNowTap:
    'Ketuk *{button}* untuk bayar online lewat {gateway}. Pembayarannya otomatis terkonfirmasi di sini, biasanya kurang dari semenit.',
  payNowUntil: 'Link ini berlaku sampai {until}; link baru bisa diminta kapan saja: *{paymentLink} {id}*.',
  payNowFooter: 'Halaman pembayaran aman',
  payNowButton: 'Bayar sekarang',
  payNowTemplate: 'Bayar {amount} untuk {what} secara online: {url}',
  linkUnavailable:
    '⚠️ Pembayaran online untuk *{id}* sedang tidak tersedia. Coba lagi nanti dengan *{paymentLink} {id}*, atau bayar manual:\n{instructions}\n\nLalu kirim bukti transfernya di sini, nanti kami konfirmasi.',
  notNeededNoPrice:
    'Pesanan *{id}* belum punya harga untuk dibayar online; admin kami akan kasih tahu cara bayarnya. Ketik *{myOrders}* untuk lihat pesanan kamu.',
  notNeededCancelled: 'Pesanan *{id}* sudah dibatalkan. Ketik *{myOrders}* untuk lihat pesanan kamu.',
  notNeededPaid: 'Pesanan *{id}* sudah lunas. Ketik *{myOrders}* untuk lihat pesanan kamu.',
  linkOff: 'Di toko ini pembayarannya manual:\n{instructions}\n\nCantumkan *{id}* waktu bayar ya.',
  paidCancelled:
    '💳 Pembayaran untuk *{id}* sudah kami terima, tapi pesanan itu sudah dibatalkan, jadi belum ada server yang dibuat. Tim kami akan mengembalikan dana kamu atau menyiapkan servernya; kami kabari lagi di sini. Ada pertanyaan: {contact}.',
  adminLinkFailed:
    '⚠️ {gateway} gagal membuat link pembayaran untuk *{id}* ({what}): {error}\nPelanggan sudah diminta bayar manual atau mencoba *!payment-link {id}* nanti. Konfirmasi pembayaran manual dengan !order-confirm {id}.',
  confirmPaymentButton: 'Konfirmasi bayar',
  adminLinkFailedTemplate: 'Link pembayaran untuk {id} gagal: {error}',
  paid: '{amount} lewat {gateway} (pembayaran {transaction}, checkout {reference})',
  unknownAmount: 'jumlah tidak diketahui',
  mismatch:
    '🛑 Ada pembayaran untuk *{id}* yang tidak cocok, jadi tidak ada yang dikonfirmasi: {why}.\nDibayar: {paid}.\nCek di dashboard {gateway}; refund, atau konfirmasi manual dengan !order-confirm {id}.',
  paidAgainCancelled:
    '⚠️ *{id}* sudah dibatalkan, tapi ada pembayaran masuk untuk pesanan itu: {paid}.\nTidak ada yang disiapkan; pelanggan sudah diberi tahu bahwa kita akan menghubunginya. Refund lewat dashboard {gateway}, atau buatkan lagi pesanannya untuk pelanggan.',
  paidAgain:
    '⚠️ *{id}* sudah lunas, tapi ada pembayaran lagi yang masuk: {paid}.{before}\nTidak ada yang diubah. Kalau pelanggan bayar dua kali, refund salah satunya lewat dashboard {gateway}.',
  paidBefore: 'Sebelumnya: {how}.',
  reversed:
    '↩️ {gateway} melaporkan *{status}* untuk pembayaran *{id}* ({orderStatus}): {paid}.\nDi sini tidak ada yang diubah; suspend atau batalkan manual kalau perlu (!suspend {target}).',
  refused:
    '🛑 Pembayaran untuk *{id}* ({what}) tidak diproses: {why}.\nDibayar: {paid}.\nRefund lewat dashboard {gateway}.',
};

const ptBR: Book<typeof en> = {
  paysForRenewal: {
    one: 'Renovação de {server}: {package}, {n} dia',
    other: 'Renovação de {server}: {package}, {n} dias',
  },
  paysForUpgrade: 'Upgrade de {server} para {package}',
  paysForNew: { one: 'Servidor {package}, {n} dia', other: 'Servidor {package}, {n} dias' },
  payNowWhat: '💳 *{id}*: {what}.',
  payNowWhatAmount: '💳 *{id}*: {what}, *{amount}*.',
  payNowTap:
    'Toque em *{button}* para pagar online com {gateway}. A confirmação chega aqui automaticamente, normalmente em menos de um minuto.',
  payNowUntil: 'O link vale até {until}; para pedir um novo, é só digitar *{paymentLink} {id}*.',
  payNowFooter: 'Página de pagamento segura',
  payNowButton: 'Pagar agora',
  payNowTemplate: 'Pague {amount} por {what} online: {url}',
  linkUnavailable:
    '⚠️ O pagamento online do pedido *{id}* não está disponível agora. Tente de novo mais tarde com *{paymentLink} {id}* ou pague manualmente:\n{instructions}\n\nDepois é só mandar o comprovante aqui que a gente confirma.',
  notNeededNoPrice:
    'O pedido *{id}* não tem valor para pagar online; um atendente vai te dizer como pagar. Digite *{myOrders}* para ver seus pedidos.',
  notNeededCancelled: 'O pedido *{id}* está cancelado. Digite *{myOrders}* para ver seus pedidos.',
  notNeededPaid: 'O pedido *{id}* já está pago. Digite *{myOrders}* para ver seus pedidos.',
  linkOff: 'Aqui os pagamentos são feitos manualmente:\n{instructions}\n\nInforme o código *{id}* no pagamento.',
  paidCancelled:
    '💳 Recebemos um pagamento do pedido *{id}*, mas esse pedido já estava cancelado, então nada foi instalado. Nossa equipe vai reembolsar o valor ou preparar o servidor para você; vamos falar com você por aqui. Dúvidas: {contact}.',
  adminLinkFailed:
    '⚠️ {gateway} não conseguiu gerar um link de pagamento para *{id}* ({what}): {error}\nO cliente foi orientado a pagar manualmente ou a tentar *!payment-link {id}* mais tarde. Para confirmar um pagamento manual: !order-confirm {id}.',
  confirmPaymentButton: 'Confirmar pagamento',
  adminLinkFailedTemplate: 'Falha ao gerar o link de pagamento de {id}: {error}',
  paid: '{amount} via {gateway} (pagamento {transaction}, checkout {reference})',
  unknownAmount: 'valor desconhecido',
  mismatch:
    '🛑 Um pagamento do pedido *{id}* não bateu, então nada foi confirmado: {why}.\nPago: {paid}.\nVerifique no painel do {gateway}; reembolse ou confirme manualmente com !order-confirm {id}.',
  paidAgainCancelled:
    '⚠️ O pedido *{id}* está cancelado e chegou um pagamento para ele: {paid}.\nNada foi instalado; o cliente foi avisado de que entraremos em contato. Reembolse no painel do {gateway} ou faça o pedido de novo para ele.',
  paidAgain:
    '⚠️ O pedido *{id}* já estava pago e chegou outro pagamento: {paid}.{before}\nNada foi alterado. Se o cliente pagou duas vezes, reembolse um dos pagamentos no painel do {gateway}.',
  paidBefore: 'Antes: {how}.',
  reversed:
    '↩️ {gateway} informa *{status}* no pagamento do pedido *{id}* ({orderStatus}): {paid}.\nNada foi alterado aqui; suspenda ou cancele manualmente se precisar (!suspend {target}).',
  refused:
    '🛑 Um pagamento do pedido *{id}* ({what}) não foi aplicado: {why}.\nPago: {paid}.\nReembolse no painel do {gateway}.',
};

export const PAYMENT_TEXTS: Books<typeof en> = { en, id, 'pt-BR': ptBR };
