// What customers and admins read about payment receipts, in every language: the receipt forwarded to the
// admins, the one-tap reject reasons (the customer reads them in their own language), the customer's
// acknowledgement, "which order?", and a rejection. Admin commands stay as the code names them.

import type { Book, Books } from './catalogue.js';

const en = {
  renewalOf: 'renewal of server *{server}* ({package})',
  fileText: '💬 a text',
  filePhotoAbove: '📷 a photo (above)',
  fileDocumentAbove: '📄 a document (above)',
  fileDocumentAboveNamed: '📄 a document (above): {filename}',
  filePhoto: '📷 a photo',
  fileDocument: '📄 a document',
  problemTooBig: 'its file is too large to pass on',
  problemTooBigSized: 'its file is too large to pass on ({size})',
  problemUnsupported: 'its file is of a type WhatsApp cannot pass on',
  problemGone: 'its file could not be opened (expired)',
  receiptTitle: '🧾 *Payment receipt* for *{id}*\nCustomer: {who}\nOrder: {order}\nSent: {sent}',
  notAttached: '⚠️ Not attached: {problem}. The customer was asked to resend it.',
  receiptCheck:
    "Check the payment, then confirm it or reject it (you'll be asked why; the customer is told):\n!order-confirm {id}",
  receiptHeader: 'Payment receipt',
  confirmButton: 'Confirm payment',
  rejectButton: 'Reject',
  summary: 'Payment receipt for {id} ({order}) from {who}',
  summaryRenewal: 'renewal of {server}, {package}',
  alertFileNotShown: '(The file is not shown: the receipt templates are not registered.)',
  alertActions: 'Confirm: !order-confirm {id} · reject: !order-reject {id} <reason>',
  wrongAmountButton: 'Wrong amount',
  notReceivedButton: 'Not received',
  unreadableButton: "Can't read it",
  wrongAmount: "the amount doesn't match the price",
  notReceived: "the payment hasn't arrived in our account",
  unreadable: "the receipt can't be read",
  rejectHeader: 'Reject the receipt',
  rejectAsk:
    'Why is the receipt for *{id}* rejected? The customer reads your reason; the order stays open for a new receipt.\n\nTap one, or type your own:\n!order-reject {id} <reason>',
  rejectedDone:
    '↩️ Receipt for *{id}* rejected: {reason}. The customer was told; the order stays open (!order-confirm {id} once paid).',
  rejectedNotice: 'ℹ️ The receipt for *{id}* was rejected by +{by}: {reason}.',
  receivedReceipt:
    "🧾 Thanks! We passed your receipt for {order} to our team. We'll message you here as soon as the payment is confirmed.",
  receivedDetails:
    "🧾 Thanks! We passed your payment details for {order} to our team. We'll message you here as soon as the payment is confirmed.",
  receivedProblem: '🧾 Thanks! We told our team about your payment for {order}, but {ask}',
  askTooBig:
    'your file is too large for us to pass on. We can take photos up to {photo} and documents up to {document}: please send a screenshot or a smaller PDF here.',
  askTooBigSized:
    'your file is too large for us to pass on ({size}). We can take photos up to {photo} and documents up to {document}: please send a screenshot or a smaller PDF here.',
  askUnsupported: "we can't pass this kind of file on. Please send a photo (JPG or PNG) or a PDF of the receipt here.",
  askGone: "we couldn't open your file. Please send it again here.",
  enough: {
    one: "🧾 Thanks! Our team already has {n} receipt for *{id}* from the last hour; they'll check it and message you here.",
    other:
      "🧾 Thanks! Our team already has {n} receipts for *{id}* from the last hour; they'll check them and message you here.",
  },
  whichOrder: '🧾 Thanks! Which order is this receipt for?',
  chooseOrderListButton: 'Choose the order',
  unpaidSection: 'Unpaid orders',
  renewalDescription: 'Renewal of {server}',
  settled: 'Order *{id}* is {status}: nothing is waiting for payment there.',
  noOrder: "🧾 Thanks! I couldn't find an unpaid order of yours to attach this receipt to.",
  noOrderHelp: 'To order a server, type *{packages}*; your orders: *{myOrders}*. Questions? {contact}',
  adminConfirmHint: "To confirm a customer's payment: *!order-confirm ORD-XXXXXX*.",
  alreadySent: '🧾 This receipt was already passed to our team for *{id}*.',
  expired: "Sorry, I can't find that receipt any more. Please send it again here.",
  rejected:
    "We couldn't confirm your payment for *{id}* ({order}): {reason}.\n\nPlease check it and send the receipt here again (a photo or PDF), or contact {contact}. Your order stays open.",
} as const;

const id: Book<typeof en> = {
  renewalOf: 'perpanjangan server *{server}* ({package})',
  fileText: '💬 pesan teks',
  filePhotoAbove: '📷 foto (di atas)',
  fileDocumentAbove: '📄 dokumen (di atas)',
  fileDocumentAboveNamed: '📄 dokumen (di atas): {filename}',
  filePhoto: '📷 foto',
  fileDocument: '📄 dokumen',
  problemTooBig: 'file-nya terlalu besar untuk diteruskan',
  problemTooBigSized: 'file-nya terlalu besar untuk diteruskan ({size})',
  problemUnsupported: 'jenis file-nya tidak bisa diteruskan lewat WhatsApp',
  problemGone: 'file-nya tidak bisa dibuka (sudah kedaluwarsa)',
  receiptTitle: '🧾 *Bukti pembayaran* untuk *{id}*\nPelanggan: {who}\nPesanan: {order}\nDikirim: {sent}',
  notAttached: '⚠️ Tidak terlampir: {problem}. Pelanggan sudah diminta mengirim ulang.',
  receiptCheck:
    'Cek pembayarannya, lalu konfirmasi atau tolak (alasannya akan ditanyakan; pelanggan akan diberi tahu):\n!order-confirm {id}',
  receiptHeader: 'Bukti pembayaran',
  confirmButton: 'Konfirmasi bayar',
  rejectButton: 'Tolak',
  summary: 'Bukti pembayaran untuk {id} ({order}) dari {who}',
  summaryRenewal: 'perpanjangan {server}, {package}',
  alertFileNotShown: '(File tidak ditampilkan: template bukti pembayaran belum terdaftar.)',
  alertActions: 'Konfirmasi: !order-confirm {id} · tolak: !order-reject {id} <alasan>',
  wrongAmountButton: 'Nominal salah',
  notReceivedButton: 'Dana belum masuk',
  unreadableButton: 'Tidak terbaca',
  wrongAmount: 'nominal transfernya tidak sesuai dengan harga',
  notReceived: 'pembayarannya belum masuk ke rekening kami',
  unreadable: 'bukti pembayarannya tidak terbaca',
  rejectHeader: 'Tolak bukti pembayaran',
  rejectAsk:
    'Kenapa bukti pembayaran untuk *{id}* ditolak? Alasan ini akan dibaca pelanggan; pesanan tetap terbuka untuk bukti yang baru.\n\nPilih salah satu, atau ketik alasan sendiri:\n!order-reject {id} <alasan>',
  rejectedDone:
    '↩️ Bukti pembayaran *{id}* ditolak: {reason}. Pelanggan sudah diberi tahu; pesanan tetap terbuka (!order-confirm {id} kalau sudah dibayar).',
  rejectedNotice: 'ℹ️ Bukti pembayaran *{id}* ditolak oleh +{by}: {reason}.',
  receivedReceipt:
    '🧾 Makasih! Bukti pembayaran kamu untuk {order} sudah kami teruskan ke tim. Kami kabari di sini begitu pembayarannya dikonfirmasi.',
  receivedDetails:
    '🧾 Makasih! Detail pembayaran kamu untuk {order} sudah kami teruskan ke tim. Kami kabari di sini begitu pembayarannya dikonfirmasi.',
  receivedProblem: '🧾 Makasih! Tim kami sudah dikabari soal pembayaran kamu untuk {order}, tapi {ask}',
  askTooBig:
    'file kamu terlalu besar untuk kami teruskan. Maksimal foto {photo} dan dokumen {document}: tolong kirim screenshot atau PDF yang lebih kecil di sini ya.',
  askTooBigSized:
    'file kamu terlalu besar untuk kami teruskan ({size}). Maksimal foto {photo} dan dokumen {document}: tolong kirim screenshot atau PDF yang lebih kecil di sini ya.',
  askUnsupported:
    'jenis file ini tidak bisa kami teruskan. Tolong kirim foto (JPG atau PNG) atau PDF bukti transfernya di sini ya.',
  askGone: 'file kamu tidak bisa kami buka. Tolong kirim ulang di sini ya.',
  enough: {
    one: '🧾 Makasih! Tim kami sudah menerima {n} bukti pembayaran untuk *{id}* dalam satu jam terakhir; nanti dicek dan kami kabari di sini.',
    other:
      '🧾 Makasih! Tim kami sudah menerima {n} bukti pembayaran untuk *{id}* dalam satu jam terakhir; nanti dicek dan kami kabari di sini.',
  },
  whichOrder: '🧾 Makasih! Bukti pembayaran ini untuk pesanan yang mana?',
  chooseOrderListButton: 'Pilih pesanan',
  unpaidSection: 'Pesanan belum dibayar',
  renewalDescription: 'Perpanjangan {server}',
  settled: 'Status pesanan *{id}*: {status}. Tidak ada tagihan yang menunggu di pesanan itu.',
  noOrder: '🧾 Makasih! Tapi kami tidak menemukan pesanan kamu yang belum dibayar untuk bukti ini.',
  noOrderHelp: 'Mau pesan server? Ketik *{packages}*; cek pesanan kamu: *{myOrders}*. Ada pertanyaan? {contact}',
  adminConfirmHint: 'Untuk konfirmasi pembayaran pelanggan: *!order-confirm ORD-XXXXXX*.',
  alreadySent: '🧾 Bukti pembayaran ini sudah kami teruskan ke tim untuk *{id}*.',
  expired: 'Maaf, bukti pembayaran itu sudah tidak bisa kami temukan. Tolong kirim ulang di sini ya.',
  rejected:
    'Maaf, pembayaran kamu untuk *{id}* ({order}) belum bisa kami konfirmasi: {reason}.\n\nTolong dicek lagi lalu kirim ulang bukti pembayarannya di sini (foto atau PDF), atau hubungi {contact}. Pesanan kamu tetap terbuka.',
};

const ptBR: Book<typeof en> = {
  renewalOf: 'renovação do servidor *{server}* ({package})',
  fileText: '💬 um texto',
  filePhotoAbove: '📷 uma foto (acima)',
  fileDocumentAbove: '📄 um documento (acima)',
  fileDocumentAboveNamed: '📄 um documento (acima): {filename}',
  filePhoto: '📷 uma foto',
  fileDocument: '📄 um documento',
  problemTooBig: 'o arquivo é grande demais para ser repassado',
  problemTooBigSized: 'o arquivo é grande demais para ser repassado ({size})',
  problemUnsupported: 'o WhatsApp não repassa esse tipo de arquivo',
  problemGone: 'não deu para abrir o arquivo (expirou)',
  receiptTitle: '🧾 *Comprovante de pagamento* do *{id}*\nCliente: {who}\nPedido: {order}\nEnviado: {sent}',
  notAttached: '⚠️ Não anexado: {problem}. Já pedimos para o cliente reenviar.',
  receiptCheck:
    'Confira o pagamento e depois confirme ou recuse (vamos perguntar o motivo; o cliente é avisado):\n!order-confirm {id}',
  receiptHeader: 'Comprovante de pagamento',
  confirmButton: 'Confirmar pagamento',
  rejectButton: 'Recusar',
  summary: 'Comprovante de pagamento do {id} ({order}) de {who}',
  summaryRenewal: 'renovação de {server}, {package}',
  alertFileNotShown: '(O arquivo não aparece aqui: os templates de comprovante não estão registrados.)',
  alertActions: 'Confirmar: !order-confirm {id} · recusar: !order-reject {id} <motivo>',
  wrongAmountButton: 'Valor errado',
  notReceivedButton: 'Não caiu na conta',
  unreadableButton: 'Ilegível',
  wrongAmount: 'o valor não bate com o preço',
  notReceived: 'o pagamento ainda não caiu na nossa conta',
  unreadable: 'não dá para ler o comprovante',
  rejectHeader: 'Recusar o comprovante',
  rejectAsk:
    'Por que o comprovante do *{id}* foi recusado? O cliente vai ler o seu motivo; o pedido continua aberto para um novo comprovante.\n\nToque em um, ou escreva o seu:\n!order-reject {id} <motivo>',
  rejectedDone:
    '↩️ Comprovante do *{id}* recusado: {reason}. O cliente foi avisado; o pedido continua aberto (!order-confirm {id} quando for pago).',
  rejectedNotice: 'ℹ️ O comprovante do *{id}* foi recusado por +{by}: {reason}.',
  receivedReceipt:
    '🧾 Valeu! Passamos o seu comprovante do {order} para a nossa equipe. Te avisamos aqui assim que o pagamento for confirmado.',
  receivedDetails:
    '🧾 Valeu! Passamos os dados do seu pagamento do {order} para a nossa equipe. Te avisamos aqui assim que o pagamento for confirmado.',
  receivedProblem: '🧾 Valeu! Avisamos a nossa equipe sobre o seu pagamento do {order}, mas {ask}',
  askTooBig:
    'o seu arquivo é grande demais para repassarmos. Aceitamos fotos de até {photo} e documentos de até {document}: mande um print ou um PDF menor aqui, por favor.',
  askTooBigSized:
    'o seu arquivo é grande demais para repassarmos ({size}). Aceitamos fotos de até {photo} e documentos de até {document}: mande um print ou um PDF menor aqui, por favor.',
  askUnsupported:
    'não conseguimos repassar esse tipo de arquivo. Mande uma foto (JPG ou PNG) ou um PDF do comprovante aqui, por favor.',
  askGone: 'não conseguimos abrir o seu arquivo. Mande de novo aqui, por favor.',
  enough: {
    one: '🧾 Valeu! A nossa equipe já recebeu {n} comprovante do *{id}* na última hora; vamos conferir e te avisar aqui.',
    other:
      '🧾 Valeu! A nossa equipe já recebeu {n} comprovantes do *{id}* na última hora; vamos conferir e te avisar aqui.',
  },
  whichOrder: '🧾 Valeu! Esse comprovante é de qual pedido?',
  chooseOrderListButton: 'Escolher o pedido',
  unpaidSection: 'Pedidos não pagos',
  renewalDescription: 'Renovação de {server}',
  settled: 'Situação do pedido *{id}*: {status}. Não há nada aguardando pagamento nele.',
  noOrder: '🧾 Valeu! Mas não encontrei nenhum pedido seu aguardando pagamento para anexar esse comprovante.',
  noOrderHelp: 'Para pedir um servidor, digite *{packages}*; seus pedidos: *{myOrders}*. Dúvidas? {contact}',
  adminConfirmHint: 'Para confirmar o pagamento de um cliente: *!order-confirm ORD-XXXXXX*.',
  alreadySent: '🧾 Esse comprovante já foi passado para a nossa equipe no pedido *{id}*.',
  expired: 'Desculpe, não encontro mais esse comprovante. Mande de novo aqui, por favor.',
  rejected:
    'Não conseguimos confirmar o seu pagamento do *{id}* ({order}): {reason}.\n\nConfira e mande o comprovante aqui de novo (foto ou PDF), ou fale com {contact}. Seu pedido continua aberto.',
};

export const RECEIPT_TEXTS: Books<typeof en> = { en, id, 'pt-BR': ptBR };
