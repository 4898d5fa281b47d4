// What customers read while they browse, order, follow and cancel, in every language (customer-messages.ts).
// Command names are placeholders ({order}, {help}, ...): each language types its own (words.ts).

import type { Book, Books } from './catalogue.js';

const en = {
  // The package list
  packagesTitle: '🎮 *{shop}: game servers*',
  packagesHow: 'Tap *{button}* to order, or type *{order} <package>* (for example *{order} {example}*).',
  packagesFooter: 'Type {help} for all commands',
  packagesListButton: 'See packages',
  packagesSection: 'Packages',
  // !help
  helpTitle: '*{shop}: how to order*',
  helpPackages: '*{cmd}*: see the packages and prices',
  helpOrder: '*{cmd} <package>*: order one, for example *{cmd} gold*',
  helpMyOrders: '*{cmd}*: your orders',
  helpStatus: '*{cmd} <order id>*: where an order is, for example *{cmd} ORD-7K2M9Q*',
  helpCancel: '*{cmd} <order id>*: cancel an order that is not paid yet',
  helpReceipt: 'Paid? Send the receipt here (a photo or PDF of the transfer), with your order id',
  helpMyServers: '*{cmd}*: your servers, paid until when',
  helpRenew: '*{cmd} <server id>*: pay another period of a server',
  helpPaymentLink: '*{cmd} <order id>*: a new page to pay an order online',
  helpResetPassword: '*{cmd}*: a new password for your panel account',
  helpLanguage: '*{cmd}*: English, Bahasa Indonesia or Português',
  helpHelp: '*{cmd}*: this message',
  helpQuestions: 'Questions? {contact}',
  // Greetings and what was not understood
  greeting: '👋 Welcome to *{shop}*! We sell game servers, ready in minutes.\nType *{help}* for all commands.',
  menuMedia: "I can only read text messages and taps on buttons, but I'm happy to help.",
  menuSuggestion: "I didn't understand that. Did you mean *{suggestion}*?",
  menuUnknown: "Sorry, I didn't understand that.",
  menuPick: 'Pick one below, or type *{help}* for all commands.',
  seePackagesButton: 'See packages',
  myOrdersButton: 'My orders',
  myServersButton: 'My servers',
  // Ordering
  unknownPackage: 'I don\'t know the package "{typed}".',
  whichPackage: 'Which package would you like?',
  choosePackage: 'Choose one of {names}, for example *{order} {example}*.',
  placedHeader: 'Order received',
  placed: '✅ Your order *{id}* is placed.',
  howToPay: '*How to pay*\n{instructions}',
  placedMention:
    "Please mention *{id}* with your payment. We'll set up your server as soon as it is confirmed and send your login here.",
  statusButton: 'Order status',
  cancelButton: 'Cancel order',
  tooManyUnpaid: {
    one: 'You already have {n} unpaid order ({ids}). Please pay or cancel it (*{cancel} <order id>*) before ordering again.',
    other:
      'You already have {n} unpaid orders ({ids}). Please pay or cancel one (*{cancel} <order id>*) before ordering again.',
  },
  duplicate: 'You already have an unpaid {package} order: *{id}*.',
  duplicatePriced: 'You already have an unpaid {package} order: *{id}* ({price}).',
  duplicateAsk: 'Do you want a second {package} server?',
  showOrderButton: 'Show my order',
  orderAnotherButton: 'Yes, order another',
  // !my-orders and !status
  noOrders: "You have no orders yet. Type *{packages}* to see what's available.",
  ordersTitle: '*Your orders*',
  ordersMore: 'Showing your latest orders.',
  ordersDetails: 'Type *{status} <order id>* for details.',
  nextPending: 'We are waiting for your payment.',
  nextConfirmedDelayed:
    'Your payment is confirmed. Setting up your server took longer than expected; our team is on it and will message you here.',
  nextConfirmed: 'Your payment is confirmed. Your server will be set up shortly.',
  nextProvisioning: 'Your server is being set up. Your login will arrive here in a few minutes.',
  nextRenewed: 'Paid: your server *{server}* is renewed. Type *{myServers}* to see until when.',
  nextReady: 'Your server is ready. Log in at {panel} with the details we sent you.',
  nextCancelled: 'This order was cancelled.',
  // An order id that is missing, malformed or unknown
  missingId: 'Which order? Type *{command} ORD-XXXXXX* with the id from your order message.',
  badId:
    '"{typed}" is not an order id. Order ids look like *ORD-7K2M9Q* (ORD- and 6 letters or digits). Type *{command} ORD-XXXXXX*.',
  notFound: "I couldn't find order *{id}*.",
  didYouMean: 'Did you mean {ids}?',
  or: 'or',
  notFoundAdmin: 'Type *!orders* to see the open orders, or *!orders all*.',
  notFoundCustomer: 'Type *{myOrders}* to see your orders.',
  // Cancelling
  cancelConfirm: 'Cancel order *{id}* ({what})? If you already paid, send the receipt instead.',
  packageAndPrice: '{package}, {price}',
  cancelYesButton: 'Yes, cancel it',
  keepOrderButton: 'Keep my order',
  cancelled: 'Your order *{id}* ({package}) is cancelled.',
  alreadyCancelled: 'Order *{id}* is already cancelled.',
  cannotCancelReady: "Order *{id}* can't be cancelled here. Your server is already set up.",
  cannotCancelPaid: "Order *{id}* can't be cancelled here. Your payment is already confirmed.",
  needHelp: 'If you need help, contact {contact}.',
  // What happened to an order meanwhile
  updateCancelled: 'Your order *{id}* ({package}) was cancelled by {shop}. If this is unexpected, contact {contact}.',
  updateSettingUp:
    "💳 Payment for *{id}* is confirmed. We're setting up your {package} server now; your login will arrive here.",
  updatePaid:
    '💳 Payment for *{id}* is confirmed. Your {package} server will be set up shortly; your login will arrive here.',
  abandoned:
    "We're sorry: we couldn't finish setting up your {package} server (order *{id}*), so {shop} cancelled the order. Please contact {contact} about your payment; we'll sort it out with you.",
  nudge: '👋 Your order *{id}* ({what}) is still waiting for payment.',
  nudgeUntil: 'It is kept until {until}.',
  nudgeOnline: 'For a fresh payment page, tap *{button}* or type *{paymentLink} {id}*.',
  nudgeEnd: 'Already paid? Send the receipt here. Changed your mind? Tap *{button}*.',
  payNowButton: 'Pay now',
  expired:
    '⌛ Your order *{id}* ({package}) was cancelled because no payment arrived in time. Nothing is owed. Want it after all? Type *{packages}* to order again. Questions: {contact}.',
  // !reset-password
  resetHeader: 'New panel password',
  resetConfirm:
    "🔑 Do you want a new password for your panel account?\n\nWe'll send it here, in one message. Your current password stops working as soon as the new one is set.",
  resetYesButton: 'Yes, new password',
  resetKeepButton: 'Keep my password',
  resetKept: '👍 OK, your password stays as it is.',
  resetMaybeSent:
    "We sent your new password, but could not confirm that it arrived. If you don't see it in a few minutes, type *{reset}* again (you can in 10 minutes) or contact {contact}.",
  resetNoAccount:
    "You don't have a panel account with us yet. It is made with your first server, and your login arrives here as soon as the server is ready. Type *{packages}* to see the packages.",
  resetProtected: "This account's password can't be changed over WhatsApp. Please contact {contact}.",
  resetBusy:
    'Your login is being sent to you right now. Check your messages in a minute; if nothing arrives, type *{reset}* again.',
  resetTooSoon:
    'You asked for a new password a moment ago: please check the message above. You can ask for another one in {wait}.',
  resetDailyLimit:
    "You've asked for a new password several times today. You can ask again in {wait}, or contact {contact}.",
  resetUndeliverable: "We couldn't send your new password here. Please contact {contact}.",
} as const;

const id: Book<typeof en> = {
  packagesTitle: '🎮 *{shop}: server game*',
  packagesHow: 'Ketuk *{button}* untuk pesan, atau ketik *{order} <paket>* (contoh: *{order} {example}*).',
  packagesFooter: 'Ketik {help} untuk semua perintah',
  packagesListButton: 'Lihat paket',
  packagesSection: 'Paket',
  helpTitle: '*{shop}: cara pesan*',
  helpPackages: '*{cmd}*: lihat paket dan harga',
  helpOrder: '*{cmd} <paket>*: pesan paket, contoh *{cmd} gold*',
  helpMyOrders: '*{cmd}*: daftar pesanan kamu',
  helpStatus: '*{cmd} <kode pesanan>*: cek posisi pesanan, contoh *{cmd} ORD-7K2M9Q*',
  helpCancel: '*{cmd} <kode pesanan>*: batalkan pesanan yang belum dibayar',
  helpReceipt: 'Sudah bayar? Kirim bukti transfernya di sini (foto atau PDF), sertakan kode pesanan kamu',
  helpMyServers: '*{cmd}*: server kamu dan masa aktifnya',
  helpRenew: '*{cmd} <kode server>*: perpanjang masa aktif server',
  helpPaymentLink: '*{cmd} <kode pesanan>*: link baru untuk bayar pesanan secara online',
  helpResetPassword: '*{cmd}*: password baru untuk akun panel kamu',
  helpLanguage: '*{cmd}*: ganti bahasa (English, Bahasa Indonesia, Português)',
  helpHelp: '*{cmd}*: pesan ini',
  helpQuestions: 'Ada pertanyaan? {contact}',
  greeting:
    '👋 Halo, selamat datang di *{shop}*! Kami jual server game, siap dipakai dalam hitungan menit.\nKetik *{help}* untuk lihat semua perintah.',
  menuMedia: 'Maaf, kami cuma bisa membaca pesan teks dan tombol yang kamu ketuk, tapi tetap siap bantu kok.',
  menuSuggestion: 'Maaf, kami kurang paham. Maksud kamu *{suggestion}*?',
  menuUnknown: 'Maaf, kami kurang paham maksudnya.',
  menuPick: 'Pilih salah satu di bawah, atau ketik *{help}* untuk semua perintah.',
  seePackagesButton: 'Lihat paket',
  myOrdersButton: 'Pesanan saya',
  myServersButton: 'Server saya',
  unknownPackage: 'Paket "{typed}" tidak kami temukan.',
  whichPackage: 'Mau paket yang mana?',
  choosePackage: 'Pilih salah satu: {names}, contoh *{order} {example}*.',
  placedHeader: 'Pesanan diterima',
  placed: '✅ Pesanan *{id}* kamu sudah kami terima.',
  howToPay: '*Cara bayar*\n{instructions}',
  placedMention:
    'Cantumkan *{id}* waktu bayar ya. Begitu pembayaran dikonfirmasi, server kamu langsung kami siapkan dan info loginnya kami kirim ke sini.',
  statusButton: 'Status pesanan',
  cancelButton: 'Batalkan pesanan',
  tooManyUnpaid: {
    one: 'Kamu masih punya {n} pesanan yang belum dibayar ({ids}). Selesaikan pembayarannya atau batalkan dulu (*{cancel} <kode pesanan>*) sebelum pesan lagi ya.',
    other:
      'Kamu masih punya {n} pesanan yang belum dibayar ({ids}). Selesaikan pembayarannya atau batalkan dulu (*{cancel} <kode pesanan>*) sebelum pesan lagi ya.',
  },
  duplicate: 'Kamu masih punya pesanan {package} yang belum dibayar: *{id}*.',
  duplicatePriced: 'Kamu masih punya pesanan {package} yang belum dibayar: *{id}* ({price}).',
  duplicateAsk: 'Yakin mau pesan server {package} kedua?',
  showOrderButton: 'Lihat pesanan saya',
  orderAnotherButton: 'Ya, pesan lagi',
  noOrders: 'Kamu belum punya pesanan. Ketik *{packages}* untuk lihat paket yang tersedia.',
  ordersTitle: '*Pesanan kamu*',
  ordersMore: 'Ini pesanan terbaru kamu.',
  ordersDetails: 'Ketik *{status} <kode pesanan>* untuk lihat detailnya.',
  nextPending: 'Kami masih menunggu pembayaran kamu.',
  nextConfirmedDelayed:
    'Pembayaran kamu sudah dikonfirmasi. Setup server kamu ternyata makan waktu lebih lama dari biasanya; tim kami sedang menanganinya dan akan mengabari kamu di sini.',
  nextConfirmed: 'Pembayaran kamu sudah dikonfirmasi. Server kamu akan segera disiapkan.',
  nextProvisioning: 'Server kamu sedang disiapkan. Info loginnya kami kirim ke sini dalam beberapa menit.',
  nextRenewed: 'Lunas: server *{server}* kamu sudah diperpanjang. Ketik *{myServers}* untuk cek masa aktifnya.',
  nextReady: 'Server kamu sudah siap. Login di {panel} pakai data yang sudah kami kirim.',
  nextCancelled: 'Pesanan ini sudah dibatalkan.',
  missingId: 'Pesanan yang mana? Ketik *{command} ORD-XXXXXX* pakai kode yang ada di pesan pesananmu.',
  badId:
    '"{typed}" bukan kode pesanan. Kode pesanan bentuknya seperti *ORD-7K2M9Q* (ORD- lalu 6 huruf atau angka). Ketik *{command} ORD-XXXXXX*.',
  notFound: 'Pesanan *{id}* tidak ditemukan.',
  didYouMean: 'Maksud kamu {ids}?',
  or: 'atau',
  notFoundAdmin: 'Ketik *!orders* untuk melihat pesanan yang masih terbuka, atau *!orders all*.',
  notFoundCustomer: 'Ketik *{myOrders}* untuk lihat pesanan kamu.',
  cancelConfirm: 'Batalkan pesanan *{id}* ({what})? Kalau sudah bayar, kirim bukti transfernya saja.',
  packageAndPrice: '{package}, {price}',
  cancelYesButton: 'Ya, batalkan',
  keepOrderButton: 'Tidak, lanjutkan',
  cancelled: 'Pesanan *{id}* ({package}) kamu sudah dibatalkan.',
  alreadyCancelled: 'Pesanan *{id}* sudah dibatalkan sebelumnya.',
  cannotCancelReady: 'Pesanan *{id}* tidak bisa dibatalkan di sini karena server kamu sudah jadi.',
  cannotCancelPaid: 'Pesanan *{id}* tidak bisa dibatalkan di sini karena pembayaran kamu sudah dikonfirmasi.',
  needHelp: 'Kalau butuh bantuan, hubungi {contact}.',
  updateCancelled:
    'Pesanan *{id}* ({package}) kamu dibatalkan oleh {shop}. Kalau menurut kamu ini keliru, hubungi {contact}.',
  updateSettingUp:
    '💳 Pembayaran *{id}* sudah dikonfirmasi. Server {package} kamu sedang kami siapkan; info loginnya akan dikirim ke sini.',
  updatePaid:
    '💳 Pembayaran *{id}* sudah dikonfirmasi. Server {package} kamu akan segera disiapkan; info loginnya akan dikirim ke sini.',
  abandoned:
    'Mohon maaf, server {package} kamu (pesanan *{id}*) tidak berhasil kami selesaikan, jadi pesanannya dibatalkan oleh {shop}. Silakan hubungi {contact} soal pembayaran kamu; kami bantu sampai beres.',
  nudge: '👋 Pesanan *{id}* ({what}) kamu masih menunggu pembayaran.',
  nudgeUntil: 'Pesanan ini kami simpan sampai {until}.',
  nudgeOnline: 'Untuk link pembayaran baru, ketuk *{button}* atau ketik *{paymentLink} {id}*.',
  nudgeEnd: 'Sudah bayar? Kirim bukti transfernya di sini. Berubah pikiran? Ketuk *{button}*.',
  payNowButton: 'Bayar sekarang',
  expired:
    '⌛ Pesanan *{id}* ({package}) kamu dibatalkan karena pembayarannya belum masuk sampai batas waktu. Tidak ada tagihan apa pun. Masih mau? Ketik *{packages}* untuk pesan lagi. Ada pertanyaan: {contact}.',
  resetHeader: 'Password panel baru',
  resetConfirm:
    '🔑 Mau password baru untuk akun panel kamu?\n\nPassword barunya kami kirim di sini, dalam satu pesan. Password lama langsung tidak berlaku begitu yang baru aktif.',
  resetYesButton: 'Ya, password baru',
  resetKeepButton: 'Tetap password lama',
  resetKept: '👍 Oke, password kamu tidak diubah.',
  resetMaybeSent:
    'Password baru sudah kami kirim, tapi belum bisa dipastikan sampai. Kalau dalam beberapa menit belum muncul, ketik *{reset}* lagi (bisa setelah 10 menit) atau hubungi {contact}.',
  resetNoAccount:
    'Kamu belum punya akun panel di kami. Akunnya dibuat bersama server pertamamu, dan info loginnya dikirim ke sini begitu server siap. Ketik *{packages}* untuk lihat paket.',
  resetProtected: 'Password akun ini tidak bisa diganti lewat WhatsApp. Silakan hubungi {contact}.',
  resetBusy:
    'Info login kamu sedang dikirim sekarang. Cek pesan sebentar lagi ya; kalau belum masuk, ketik *{reset}* lagi.',
  resetTooSoon: 'Kamu baru saja minta password baru, coba cek pesan di atas ya. Kamu bisa minta lagi dalam {wait}.',
  resetDailyLimit:
    'Hari ini kamu sudah beberapa kali minta password baru. Kamu bisa minta lagi dalam {wait}, atau hubungi {contact}.',
  resetUndeliverable: 'Password baru kamu tidak bisa kami kirim ke sini. Silakan hubungi {contact}.',
};

const ptBR: Book<typeof en> = {
  packagesTitle: '🎮 *{shop}: servidores de jogos*',
  packagesHow: 'Toque em *{button}* para pedir, ou digite *{order} <pacote>* (por exemplo, *{order} {example}*).',
  packagesFooter: 'Digite {help} para ver os comandos',
  packagesListButton: 'Ver pacotes',
  packagesSection: 'Pacotes',
  helpTitle: '*{shop}: como fazer seu pedido*',
  helpPackages: '*{cmd}*: veja os pacotes e os preços',
  helpOrder: '*{cmd} <pacote>*: faça um pedido, por exemplo *{cmd} gold*',
  helpMyOrders: '*{cmd}*: seus pedidos',
  helpStatus: '*{cmd} <código do pedido>*: veja em que pé está um pedido, por exemplo *{cmd} ORD-7K2M9Q*',
  helpCancel: '*{cmd} <código do pedido>*: cancele um pedido que ainda não foi pago',
  helpReceipt: 'Já pagou? Mande o comprovante aqui (foto ou PDF da transferência), com o código do pedido',
  helpMyServers: '*{cmd}*: seus servidores e até quando estão pagos',
  helpRenew: '*{cmd} <id do servidor>*: pague mais um período de um servidor',
  helpPaymentLink: '*{cmd} <código do pedido>*: um novo link para pagar um pedido online',
  helpResetPassword: '*{cmd}*: uma nova senha para sua conta do painel',
  helpLanguage: '*{cmd}*: trocar o idioma (English, Bahasa Indonesia, Português)',
  helpHelp: '*{cmd}*: esta mensagem',
  helpQuestions: 'Dúvidas? {contact}',
  greeting:
    '👋 Olá! Boas-vindas à loja *{shop}*! Vendemos servidores de jogos, prontos em minutos.\nDigite *{help}* para ver todos os comandos.',
  menuMedia: 'Só consigo ler mensagens de texto e toques nos botões, mas estou aqui para ajudar.',
  menuSuggestion: 'Não entendi. Você quis dizer *{suggestion}*?',
  menuUnknown: 'Desculpe, não entendi.',
  menuPick: 'Escolha uma opção abaixo ou digite *{help}* para ver todos os comandos.',
  seePackagesButton: 'Ver pacotes',
  myOrdersButton: 'Meus pedidos',
  myServersButton: 'Meus servidores',
  unknownPackage: 'Não encontrei o pacote "{typed}".',
  whichPackage: 'Qual pacote você quer?',
  choosePackage: 'Escolha um destes: {names}, por exemplo *{order} {example}*.',
  placedHeader: 'Pedido recebido',
  placed: '✅ Seu pedido *{id}* foi registrado.',
  howToPay: '*Como pagar*\n{instructions}',
  placedMention:
    'Informe o código *{id}* no pagamento. Assim que ele for confirmado, preparamos seu servidor e mandamos seus dados de acesso aqui.',
  statusButton: 'Status do pedido',
  cancelButton: 'Cancelar pedido',
  tooManyUnpaid: {
    one: 'Você já tem {n} pedido sem pagamento ({ids}). Pague ou cancele esse pedido (*{cancel} <código do pedido>*) antes de fazer outro.',
    other:
      'Você já tem {n} pedidos sem pagamento ({ids}). Pague ou cancele um deles (*{cancel} <código do pedido>*) antes de fazer outro.',
  },
  duplicate: 'Você já tem um pedido {package} aguardando pagamento: *{id}*.',
  duplicatePriced: 'Você já tem um pedido {package} aguardando pagamento: *{id}* ({price}).',
  duplicateAsk: 'Quer mesmo um segundo servidor {package}?',
  showOrderButton: 'Ver meu pedido',
  orderAnotherButton: 'Sim, quero outro',
  noOrders: 'Você ainda não tem pedidos. Digite *{packages}* para ver o que temos.',
  ordersTitle: '*Seus pedidos*',
  ordersMore: 'Mostrando seus pedidos mais recentes.',
  ordersDetails: 'Digite *{status} <código do pedido>* para ver os detalhes.',
  nextPending: 'Estamos aguardando seu pagamento.',
  nextConfirmedDelayed:
    'Seu pagamento foi confirmado. A instalação do seu servidor está demorando mais que o normal; nossa equipe já está cuidando disso e vai te avisar por aqui.',
  nextConfirmed: 'Seu pagamento foi confirmado. Seu servidor será preparado em instantes.',
  nextProvisioning: 'Seu servidor está sendo preparado. Seus dados de acesso chegam aqui em poucos minutos.',
  nextRenewed: 'Pago: seu servidor *{server}* foi renovado. Digite *{myServers}* para ver até quando.',
  nextReady: 'Seu servidor está pronto. Entre em {panel} com os dados que enviamos.',
  nextCancelled: 'Este pedido foi cancelado.',
  missingId: 'Qual pedido? Digite *{command} ORD-XXXXXX* com o código que veio na mensagem do seu pedido.',
  badId:
    '"{typed}" não é um código de pedido. Os códigos são assim: *ORD-7K2M9Q* (ORD- e 6 letras ou números). Digite *{command} ORD-XXXXXX*.',
  notFound: 'Não encontrei o pedido *{id}*.',
  didYouMean: 'Você quis dizer {ids}?',
  or: 'ou',
  notFoundAdmin: 'Digite *!orders* para ver os pedidos em aberto, ou *!orders all*.',
  notFoundCustomer: 'Digite *{myOrders}* para ver seus pedidos.',
  cancelConfirm: 'Cancelar o pedido *{id}* ({what})? Se você já pagou, mande o comprovante em vez de cancelar.',
  packageAndPrice: '{package}, {price}',
  cancelYesButton: 'Sim, cancelar',
  keepOrderButton: 'Manter meu pedido',
  cancelled: 'Seu pedido *{id}* ({package}) foi cancelado.',
  alreadyCancelled: 'O pedido *{id}* já está cancelado.',
  cannotCancelReady: 'O pedido *{id}* não pode ser cancelado por aqui: seu servidor já está pronto.',
  cannotCancelPaid: 'O pedido *{id}* não pode ser cancelado por aqui: seu pagamento já foi confirmado.',
  needHelp: 'Se precisar de ajuda, fale com {contact}.',
  updateCancelled:
    'Seu pedido *{id}* ({package}) foi cancelado pela loja {shop}. Se você não esperava por isso, fale com {contact}.',
  updateSettingUp:
    '💳 O pagamento do pedido *{id}* foi confirmado. Já estamos preparando seu servidor {package}; seus dados de acesso chegam aqui.',
  updatePaid:
    '💳 O pagamento do pedido *{id}* foi confirmado. Seu servidor {package} será preparado em instantes; seus dados de acesso chegam aqui.',
  abandoned:
    'Pedimos desculpas: não conseguimos terminar de preparar seu servidor {package} (pedido *{id}*), então a loja {shop} cancelou o pedido. Fale com {contact} sobre o seu pagamento; vamos resolver isso com você.',
  nudge: '👋 Seu pedido *{id}* ({what}) ainda está aguardando pagamento.',
  nudgeUntil: 'Ele fica reservado até {until}.',
  nudgeOnline: 'Para um novo link de pagamento, toque em *{button}* ou digite *{paymentLink} {id}*.',
  nudgeEnd: 'Já pagou? Mande o comprovante aqui. Mudou de ideia? Toque em *{button}*.',
  payNowButton: 'Pagar agora',
  expired:
    '⌛ Seu pedido *{id}* ({package}) foi cancelado porque o pagamento não chegou a tempo. Você não deve nada. Ainda quer? Digite *{packages}* para pedir de novo. Dúvidas: {contact}.',
  resetHeader: 'Nova senha do painel',
  resetConfirm:
    '🔑 Quer uma nova senha para sua conta do painel?\n\nVamos mandar aqui, em uma mensagem. Sua senha atual para de funcionar assim que a nova for definida.',
  resetYesButton: 'Sim, nova senha',
  resetKeepButton: 'Manter minha senha',
  resetKept: '👍 Beleza, sua senha continua a mesma.',
  resetMaybeSent:
    'Enviamos sua nova senha, mas não conseguimos confirmar se ela chegou. Se não aparecer em alguns minutos, digite *{reset}* de novo (dá para pedir daqui a 10 minutos) ou fale com {contact}.',
  resetNoAccount:
    'Você ainda não tem uma conta no painel. Ela é criada junto com o seu primeiro servidor, e os dados de acesso chegam aqui assim que ele fica pronto. Digite *{packages}* para ver os pacotes.',
  resetProtected: 'A senha desta conta não pode ser trocada pelo WhatsApp. Fale com {contact}.',
  resetBusy:
    'Seus dados de acesso estão sendo enviados agora. Confira suas mensagens em um minuto; se nada chegar, digite *{reset}* de novo.',
  resetTooSoon:
    'Você pediu uma nova senha agora há pouco: confira a mensagem acima. Dá para pedir outra daqui a {wait}.',
  resetDailyLimit:
    'Você já pediu uma nova senha várias vezes hoje. Dá para pedir de novo daqui a {wait}, ou fale com {contact}.',
  resetUndeliverable: 'Não conseguimos enviar sua nova senha por aqui. Fale com {contact}.',
};

export const CUSTOMER_TEXTS: Books<typeof en> = { en, id, 'pt-BR': ptBR };
