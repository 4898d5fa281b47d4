// Plan changes in every language: the packages a server can move to, the upgrade order and its price for the
// days left, "no room on the node", the change applied, a downgrade scheduled for the next renewal.

import type { Book, Books } from './catalogue.js';

const en = {
  biggestAlready: '*{id}* is already on our biggest package ({package}).',
  smallestAlready: '*{id}* is already on our smallest package ({package}).',
  upgradeChoices:
    '⬆️ Upgrade *{id}* (now {package}). You pay the difference for the days left in this period; your files stay.',
  downgradeChoices:
    '⬇️ Downgrade *{id}* (now {package}) from your next renewal, at the smaller price. Nothing changes before then.',
  upgradeListButton: 'Upgrade to…',
  downgradeListButton: 'Downgrade to…',
  upgradeWaiting: '⬆️ Your upgrade *{id}* of server *{server}* is waiting for payment.',
  upgradeNew: '⬆️ Upgrade *{id}*: server *{server}* becomes *{package}*.',
  upgradePrice: '*{price}* for the rest of this period (until {date}); renewals after that are at the {package} price.',
  free: 'Free',
  howToPay: '*How to pay*',
  mentionId: 'Please mention *{id}* with your payment.',
  upgradeHeader: 'Upgrade',
  upgradeStatusButton: 'Upgrade status',
  cancelUpgradeButton: 'Cancel upgrade',
  adminUpgradeHeader: 'Upgrade order',
  adminFree: 'free',
  adminNewUpgrade:
    '⬆️ *{id}*: *{server}* {from} → *{package}*\nCustomer: {customer}\nPrice for the days left: *{price}*\nThe node had room when it was ordered; it is checked again at confirmation.\n\nConfirm once the payment has arrived:\n!order-confirm {id}',
  adminNewUpgradeAlert: 'Upgrade {id} of {server} to {package} for {customer}',
  refusedNotActive:
    "*{id}* can't change its plan right now: it is not running and paid (suspended, due for renewal, or deleted). Renew it first with *{renew} {id}*.",
  refusedNotBigger:
    'That package is not bigger than what *{id}* has. To move to a smaller one, use *{downgrade} {id}*.',
  refusedNotSmaller: 'That package is not smaller than what *{id}* has. To move to a bigger one, use *{upgrade} {id}*.',
  refusedBusy: '*{id}* is being changed right now. Try again in a few minutes.',
  refusedOtherOpen:
    '*{id}* already has an upgrade waiting. Pay it, or cancel it with *{cancel} <its id>* (see *{myOrders}*), then choose again.',
  refusedNotAServer: '*{id}* is not a running server yet. Type *{myServers}* to see your servers.',
  questions: 'Questions: {support}.',
  upgradeNoRoom:
    'Sorry, the machine your server *{id}* runs on has no room for {package} right now, so nothing was ordered and nothing changed. Our team has been told; {support} can help.',
  adminNoRoom: '⚠️ No room to upgrade *{id}* ({customer}) to {package}: {reason}.',
  noRoomPaidWaits: 'The payment for *{upgrade}* is confirmed; the upgrade waits.',
  noRoomNothingCreated: 'Nothing was created.',
  noRoomRetry: 'When there is room: !provision-retry {upgrade}',
  adminNoRoomAlert: 'No room to upgrade {id} to {package}',
  upgradeConfirmedWaiting:
    "💳 Payment for *{id}* is confirmed. Upgrading *{server}* to {package} needs a little more room on its machine; our team is on it and you'll hear from us here. Questions: {support}.",
  upgradeConfirmed:
    "💳 Payment for *{id}* is confirmed. We're upgrading *{server}* to {package} now; you'll get a message when it's done.",
  planChanged:
    '✅ Your server *{id}* is now *{package}*: {resources}, {extras}.\n\nThe new memory and CPU apply the next time the server starts: restart it from the panel when it suits you.',
  noDowngrade: '👍 No downgrade is scheduled for *{id}*: it renews as it is.',
  downgradeTo: '*{package}*',
  downgradeToPriced: '*{package}* at {price}',
  downgradeScheduled:
    '⬇️ From your next renewal (after {date}), *{id}* becomes {plan}: {resources}. Until then nothing changes.\n\nMake sure your files fit in {disk}: files beyond the new disk limit stop the server from starting. To keep your package, type *{downgrade} {id} cancel*.',
  adminApplying: '✅ *{id}* confirmed: changing *{server}* to {package} on the panel now.',
  adminAlreadyApplying: '*{id}* is already being applied to *{server}*.',
  adminWaitingRoom: '*{id}* confirmed; it waits for room (see the notice above).',
} as const;

const id: Book<typeof en> = {
  biggestAlready: '*{id}* sudah pakai paket terbesar kami ({package}).',
  smallestAlready: '*{id}* sudah pakai paket terkecil kami ({package}).',
  upgradeChoices:
    '⬆️ Naik paket *{id}* (sekarang {package}). Kamu cukup bayar selisihnya untuk sisa hari di periode ini; file kamu tetap aman.',
  downgradeChoices:
    '⬇️ Turun paket *{id}* (sekarang {package}) mulai perpanjangan berikutnya, dengan harga yang lebih murah. Sampai saat itu tidak ada yang berubah.',
  upgradeListButton: 'Naik ke…',
  downgradeListButton: 'Turun ke…',
  upgradeWaiting: '⬆️ Naik paket *{id}* untuk server *{server}* masih menunggu pembayaran.',
  upgradeNew: '⬆️ Naik paket *{id}*: server *{server}* jadi *{package}*.',
  upgradePrice: '*{price}* untuk sisa periode ini (sampai {date}); perpanjangan setelahnya pakai harga {package}.',
  free: 'Gratis',
  howToPay: '*Cara bayar*',
  mentionId: 'Jangan lupa tulis *{id}* waktu membayar ya.',
  upgradeHeader: 'Naik paket',
  upgradeStatusButton: 'Status naik paket',
  cancelUpgradeButton: 'Batal naik paket',
  adminUpgradeHeader: 'Order naik paket',
  adminFree: 'gratis',
  adminNewUpgrade:
    '⬆️ *{id}*: *{server}* {from} → *{package}*\nPelanggan: {customer}\nHarga untuk sisa hari: *{price}*\nNode masih punya ruang saat order dibuat; dicek lagi saat konfirmasi.\n\nKonfirmasi setelah pembayaran masuk:\n!order-confirm {id}',
  adminNewUpgradeAlert: 'Naik paket {id} untuk {server} ke {package} dari {customer}',
  refusedNotActive:
    '*{id}* belum bisa ganti paket sekarang: server sedang tidak aktif dan lunas (disuspend, jatuh tempo, atau sudah dihapus). Perpanjang dulu dengan *{renew} {id}*.',
  refusedNotBigger:
    'Paket itu tidak lebih besar dari paket *{id}* sekarang. Untuk pindah ke paket yang lebih kecil, pakai *{downgrade} {id}*.',
  refusedNotSmaller:
    'Paket itu tidak lebih kecil dari paket *{id}* sekarang. Untuk pindah ke paket yang lebih besar, pakai *{upgrade} {id}*.',
  refusedBusy: '*{id}* sedang dalam proses perubahan. Coba lagi beberapa menit lagi ya.',
  refusedOtherOpen:
    '*{id}* sudah punya pesanan naik paket yang belum dibayar. Bayar dulu, atau batalkan dengan *{cancel} <id-nya>* (lihat *{myOrders}*), lalu pilih lagi.',
  refusedNotAServer: '*{id}* belum jadi server yang aktif. Ketik *{myServers}* untuk lihat server kamu.',
  questions: 'Ada pertanyaan? Hubungi {support}.',
  upgradeNoRoom:
    'Maaf, mesin tempat server *{id}* kamu berjalan sedang tidak punya ruang untuk {package}, jadi belum ada yang dipesan dan tidak ada yang berubah. Tim kami sudah diberi tahu; {support} siap membantu.',
  adminNoRoom: '⚠️ Tidak ada ruang untuk naik paket *{id}* ({customer}) ke {package}: {reason}.',
  noRoomPaidWaits: 'Pembayaran *{upgrade}* sudah dikonfirmasi; naik paketnya menunggu.',
  noRoomNothingCreated: 'Tidak ada yang dibuat.',
  noRoomRetry: 'Kalau sudah ada ruang: !provision-retry {upgrade}',
  adminNoRoomAlert: 'Tidak ada ruang untuk naik paket {id} ke {package}',
  upgradeConfirmedWaiting:
    '💳 Pembayaran *{id}* sudah dikonfirmasi. Naik paket *{server}* ke {package} butuh sedikit ruang tambahan di mesinnya; tim kami sedang mengurusnya dan kabarnya akan kami kirim di sini. Ada pertanyaan? Hubungi {support}.',
  upgradeConfirmed:
    '💳 Pembayaran *{id}* sudah dikonfirmasi. *{server}* sedang kami naikkan ke {package}; nanti kamu dapat pesan kalau sudah selesai.',
  planChanged:
    '✅ Server *{id}* kamu sekarang *{package}*: {resources}, {extras}.\n\nRAM dan CPU baru berlaku saat server dinyalakan lagi: restart dari panel kapan pun kamu sempat.',
  noDowngrade:
    '👍 Tidak ada turun paket yang dijadwalkan untuk *{id}*: perpanjangan berikutnya tetap pakai paket sekarang.',
  downgradeTo: '*{package}*',
  downgradeToPriced: '*{package}* seharga {price}',
  downgradeScheduled:
    '⬇️ Mulai perpanjangan berikutnya (setelah {date}), *{id}* jadi {plan}: {resources}. Sampai saat itu tidak ada yang berubah.\n\nPastikan file kamu muat di {disk}: kalau file melebihi batas disk yang baru, server tidak bisa menyala. Kalau mau tetap di paket sekarang, ketik *{downgrade} {id} cancel*.',
  adminApplying: '✅ *{id}* dikonfirmasi: *{server}* sedang diganti ke {package} di panel.',
  adminAlreadyApplying: '*{id}* sudah dalam proses diterapkan ke *{server}*.',
  adminWaitingRoom: '*{id}* dikonfirmasi; menunggu ada ruang (lihat pemberitahuan di atas).',
};

const ptBR: Book<typeof en> = {
  biggestAlready: '*{id}* já está no nosso maior pacote ({package}).',
  smallestAlready: '*{id}* já está no nosso menor pacote ({package}).',
  upgradeChoices:
    '⬆️ Upgrade de *{id}* (plano atual: {package}). Você paga só a diferença pelos dias que faltam neste período; seus arquivos continuam lá.',
  downgradeChoices:
    '⬇️ Downgrade de *{id}* (plano atual: {package}) a partir da próxima renovação, pelo preço menor. Até lá nada muda.',
  upgradeListButton: 'Upgrade para…',
  downgradeListButton: 'Downgrade para…',
  upgradeWaiting: '⬆️ Seu upgrade *{id}* do servidor *{server}* está aguardando pagamento.',
  upgradeNew: '⬆️ Upgrade *{id}*: o servidor *{server}* passa a ser *{package}*.',
  upgradePrice:
    '*{price}* pelo restante deste período (até {date}); as renovações seguintes saem pelo preço do {package}.',
  free: 'Grátis',
  howToPay: '*Como pagar*',
  mentionId: 'Por favor, informe o código *{id}* no pagamento.',
  upgradeHeader: 'Upgrade',
  upgradeStatusButton: 'Status do upgrade',
  cancelUpgradeButton: 'Cancelar upgrade',
  adminUpgradeHeader: 'Pedido de upgrade',
  adminFree: 'grátis',
  adminNewUpgrade:
    '⬆️ *{id}*: *{server}* {from} → *{package}*\nCliente: {customer}\nPreço pelos dias restantes: *{price}*\nO node tinha espaço quando o pedido foi feito; é verificado de novo na confirmação.\n\nConfirme quando o pagamento cair:\n!order-confirm {id}',
  adminNewUpgradeAlert: 'Upgrade {id} de {server} para {package}, cliente {customer}',
  refusedNotActive:
    '*{id}* não pode trocar de plano agora: ele não está ativo e em dia (suspenso, com renovação pendente ou excluído). Renove primeiro com *{renew} {id}*.',
  refusedNotBigger: 'Esse pacote não é maior que o de *{id}*. Para ir para um menor, use *{downgrade} {id}*.',
  refusedNotSmaller: 'Esse pacote não é menor que o de *{id}*. Para ir para um maior, use *{upgrade} {id}*.',
  refusedBusy: '*{id}* está passando por uma alteração agora. Tente de novo em alguns minutos.',
  refusedOtherOpen:
    '*{id}* já tem um upgrade aguardando. Pague ou cancele com *{cancel} <código dele>* (veja em *{myOrders}*) e escolha de novo.',
  refusedNotAServer: '*{id}* ainda não é um servidor ativo. Digite *{myServers}* para ver seus servidores.',
  questions: 'Dúvidas: {support}.',
  upgradeNoRoom:
    'Desculpe, a máquina onde seu servidor *{id}* roda está sem espaço para o {package} agora, então nada foi pedido e nada mudou. Nossa equipe já foi avisada; {support} pode ajudar.',
  adminNoRoom: '⚠️ Sem espaço para o upgrade de *{id}* ({customer}) para {package}: {reason}.',
  noRoomPaidWaits: 'O pagamento de *{upgrade}* está confirmado; o upgrade fica aguardando.',
  noRoomNothingCreated: 'Nada foi criado.',
  noRoomRetry: 'Quando houver espaço: !provision-retry {upgrade}',
  adminNoRoomAlert: 'Sem espaço para o upgrade de {id} para {package}',
  upgradeConfirmedWaiting:
    '💳 Pagamento de *{id}* confirmado. O upgrade de *{server}* para {package} precisa de um pouco mais de espaço na máquina; nossa equipe já está cuidando disso e te avisamos por aqui. Dúvidas: {support}.',
  upgradeConfirmed:
    '💳 Pagamento de *{id}* confirmado. Já estamos fazendo o upgrade de *{server}* para {package}; você recebe uma mensagem quando terminar.',
  planChanged:
    '✅ Seu servidor *{id}* agora é *{package}*: {resources}, {extras}.\n\nA nova memória e a nova CPU valem a partir da próxima vez que o servidor iniciar: reinicie pelo painel quando for melhor para você.',
  noDowngrade: '👍 Nenhum downgrade agendado para *{id}*: ele renova do jeito que está.',
  downgradeTo: '*{package}*',
  downgradeToPriced: '*{package}* por {price}',
  downgradeScheduled:
    '⬇️ A partir da próxima renovação (depois de {date}), *{id}* passa a ser {plan}: {resources}. Até lá nada muda.\n\nConfira se seus arquivos cabem em {disk}: arquivos além do novo limite de disco impedem o servidor de iniciar. Para manter seu pacote, digite *{downgrade} {id} cancel*.',
  adminApplying: '✅ *{id}* confirmado: trocando *{server}* para {package} no painel agora.',
  adminAlreadyApplying: '*{id}* já está sendo aplicado em *{server}*.',
  adminWaitingRoom: '*{id}* confirmado; aguardando espaço (veja o aviso acima).',
};

export const PLAN_TEXTS: Books<typeof en> = { en, id, 'pt-BR': ptBR };
