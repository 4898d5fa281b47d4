// What admins read (admin-messages.ts), in ADMIN_LANGUAGE: the new-order alert, the answers to their
// commands and the views of the queue, an order and provisioning. Admin commands, status codes, step names
// and settings keep their English names in every language: they are what an admin types or looks up.

import type { Book, Books } from './catalogue.js';

const en = {
  // !help
  helpTitle: '*Admin commands*',
  helpOrders:
    '*!orders [status]*: the open queue; status is pending, confirmed, failed, provisioning, completed, cancelled or all',
  helpConfirm: '*!order-confirm ID*: payment received; provisions when auto-provisioning is on',
  helpPaymentLink: "*!payment-link ID*: send the order's customer a fresh payment page (with a payment gateway)",
  helpCancel:
    '*!order-cancel ID [reason]*: cancel a pending or confirmed order, or a stopped provisioning (its server is removed)',
  helpReject:
    '*!order-reject ID [reason]*: reject a payment receipt; the customer gets your reason and the order stays open',
  helpRetry: '*!provision-retry ID*: retry a failed provisioning, or resend credentials',
  helpResetPassword: "*!reset-password ID*: send the order's customer a new panel password (you never see it)",
  helpStatus: '*!provision-status [ID]*: health and counts, or one order in detail',
  helpTest: '*!provision-test*: check the panel connection and API key',
  helpServices: '*!services [due|suspended|terminated|all]*: the servers and their paid-until dates',
  helpSuspend: '*!suspend ID [reason]* / *!unsuspend ID*: by hand (a renewal does not lift a manual suspension)',
  helpExtend: '*!extend ID DAYS*: free days (negative shortens)',
  helpTerminate: '*!terminate ID*: delete a server (asks first; the panel user is kept)',
  helpServiceRetry: '*!service-retry ID*: run a failed suspend, unsuspend or terminate again',
  helpCustomerCommands: 'Customer commands work too: {commands}.',
  helpIds: 'Ids are not case sensitive: ord-7k2m9q works.',

  // an admin's typo
  menuUnknown: "I didn't understand that.",
  menuDidYouMean: "I didn't understand that. Did you mean *{suggestion}*?",
  menuBody:
    '{intro}\nAdmin commands: *!orders*, *!order-confirm ID*, *!provision-retry ID*, *!provision-status [ID]*, *!services*. Type *{help}* for all.',
  openOrdersButton: 'Open orders',
  serversDueButton: 'Servers due',
  adminHelpButton: 'Admin help',

  // a new order, and the buttons under every payable order
  confirmPaymentButton: 'Confirm payment',
  cancelOrderButton: 'Cancel order',
  newOrderHeader: 'New order',
  newOrderBody:
    '🛒 *{id}*\nCustomer: {who}\nPackage: *{package}*{price}\n{resources}\n\nConfirm once the payment has arrived:\n!order-confirm {id}',
  newOrderTemplate: 'New order {id}: {package} for {who}',
  customerCancelled: 'ℹ️ *{id}* ({package}) was cancelled by the customer +{customer}.',

  // !order-confirm and how an order was paid
  confirmedWord: 'confirmed',
  confirmedProvisioning:
    "💳 *{id}* {how}. Provisioning started (attempt {attempt}); you'll get a message when it's done.",
  confirmedManual:
    '💳 *{id}* {how}. Auto-provisioning is off: create the server by hand, or turn it on and use !provision-retry {id}.',
  paidManual: 'confirmed by {by} at {at}',
  paidGateway: 'paid{amount} through {gateway}{type} at {at} ({ref})',
  paidType: ' by {type}',

  // the pre-flight check
  preflightFailed:
    '🛑 *{id}* is confirmed, but provisioning did not start: the pre-flight check failed.\n\n{reasons}\n\nFix this, then: !provision-retry {id}',
  retryButton: 'Retry',
  preflightSkipped: 'ℹ️ The pre-flight check of *{id}* was skipped: {skipped}. Provisioning retries with back-off.',
  problemPackageGone: 'Package {package} is not configured any more ({setting}?)',
  problemNoReason: 'The panel refused the package (no reason given)',
  problemUnreachable: 'The panel could not be checked: {detail}',

  // a command the order's status does not allow
  cannot: "Can't {action} *{id}*: {state}",
  actionConfirm: 'confirm',
  actionApply: 'apply',
  actionRetry: 'retry',
  actionCancel: 'cancel',
  actionRejectReceipt: 'reject the receipt of',
  statePending: 'it is waiting for payment: !order-confirm {id}',
  stateConfirmedFailed: 'it is confirmed and its last attempt failed: !provision-retry {id}',
  stateConfirmed: 'it is confirmed and not yet provisioned: !provision-retry {id}',
  stateProvisioning: 'it is being provisioned now (attempt {attempt}): !provision-status {id}',
  stateCompleted: 'it is already completed.',
  stateCancelled: 'it is already cancelled.',

  // answers to !order-cancel and !provision-retry
  cancelled: '🗑️ *{id}* cancelled{reason}. The customer was told.',
  retryStarted: '🔁 *{id}*: provisioning attempt {attempt} started.',
  resumed: '🔁 *{id}*: attempt {attempt} resumed from *{step}* (nothing already done is repeated).',
  resumedFailedStep: '🔁 *{id}*: attempt {attempt} resumed from *the failed step* (nothing already done is repeated).',
  notResumable: '*{id}*: the execution cannot be resumed here; redrive it from the Step Functions console.',
  provisioningNow: '⏳ *{id}* is being provisioned right now (attempt {attempt}).',
  provisioningNowAt: '⏳ *{id}* is being provisioned right now (attempt {attempt}) at *{step}*.',
  autoProvisioningOff: 'Auto-provisioning is off (AUTO_PROVISIONING_ENABLED=false); *{id}* was not started.',

  // !orders
  titleOpen: 'Open orders',
  titleAll: 'All orders',
  titleFailed: 'Failed orders',
  titlePending: 'Pending orders',
  titleConfirmed: 'Confirmed orders',
  titleProvisioning: 'Provisioning orders',
  titleCompleted: 'Completed orders',
  titleCancelled: 'Cancelled orders',
  badFilter: '"{typed}" is not a status; showing all open orders.',
  ordersNone: '*{title}*: none.',
  ordersList: '*{title}* (oldest first)\n\n{lines}{more}',
  ordersMore: 'Oldest first; more orders are waiting.',

  // !provision-status ID
  stoppedWhere: '{status} at {step}',
  stoppedUseRetry: '{where} (use !provision-retry {id})',
  errorWord: 'error',
  stoppedWays: 'Resume it: !provision-retry {id}, or cancel it with rollback: !order-cancel {id}',
  detailHead: '*{id}* · {status} · attempt {attempt}',
  detailCustomer: 'Customer: {name} +{customer}',
  detailPackage: 'Package: {package} · {resources}',
  detailCurrentStep: 'Current step: *{step}*',
  detailLastStep: 'Last step: {step}',
  detailPanelUserCreated: 'Panel user: {username} #{userId} (created)',
  detailPanelUserReused: 'Panel user: {username} #{userId} (reused)',
  detailServer: 'Server: #{serverId} {identifier} {address}',
  detailServerRemoved: 'Server: #{serverId} {identifier} {address} (removed by the rollback)',
  detailCredentialsSent: 'Credentials sent: {at}',
  detailLastError: 'Last error ({step}): {code}: {message}',
  detailRenews: 'Renews: {id}',
  detailPayment: 'Payment: {how}',
  detailPayLink: 'Payment link: {provider} {reference} until {until}',
  historyTitle: '*History*',
  historyLine: '{at} {from}→{to} by {by}{reason}',

  // !provision-status and !provision-test
  overviewTitle: '*Provisioning status*',
  overviewAuto: 'Auto-provisioning: *{state}*',
  on: 'on',
  off: 'off',
  overviewPanel: 'Panel: {state}{url}',
  overviewPanelOk: '✅ reachable ({ms} ms)',
  unreachable: 'unreachable',
  overviewPackages: 'Packages: {names}',
  overviewAdmins: 'Admins: {count}',
  overviewOrders: '*Orders*',
  overviewNoFailures: 'No failed provisioning waiting.',
  overviewFailures: '*Last failures*',
  panelOk: '✅ *Panel OK*\n{url}\nLatency: {ms} ms\n\n*API key can*\n{perms}',
  unknown: 'unknown',
  panelFailed: '❌ *Panel check failed*\n{url}\n{error}\n\nCheck PTERODACTYL_URL and PTERODACTYL_ADMIN_API_KEY.',

  // !reset-password ID
  resetHeader: 'New panel password',
  resetConfirm:
    "🔑 Send {who} (order *{id}*) a new password for their panel account?\n\nIt goes to the customer only, in one message; you won't see it. Their current password stops working.",
  sendPasswordButton: 'Send new password',
  keepItButton: 'Keep it',
  resetSent:
    "🔑 A new password for panel account *{username}* was sent to {who}. You don't see it; their old password no longer works.",
  resetSentTemplate:
    "🔑 A new password for panel account *{username}* was sent to {who} (as the approved template: their 24-hour window was closed). You don't see it; their old password no longer works.",
  resetMaybeSent:
    "🔑 A new password for {who} was sent, but WhatsApp's answer was lost: it may not have arrived. If they don't have it, reset again in 10 minutes.",
  resetAlreadySent: '🔑 This reset for {who} was already sent.',
  resetNoAccount: '{who} has no panel account yet (it is made with their first server): nothing was reset.',
  resetProtected:
    "{who}'s panel account is a panel administrator's: it is not reset over WhatsApp. Change it on the panel.",
  resetBusy: "{who}'s login is being sent right now (a delivery or another reset). Try again in a minute.",
  resetTooSoon: "{who}'s password was reset a moment ago. Another reset is possible in {wait}.",
  resetDailyLimit: "{who}'s password was reset 5 times in the last 24 hours. Another reset is possible in {wait}.",
  resetUndeliverable:
    "⚠️ A new password was set for {who}'s panel account *{username}*, but WhatsApp refused the message: {reason}. Their old password no longer works; reach them another way, or cancel the order if its login can never be delivered: !order-cancel {id}",
  resetKept: '👍 Nothing was changed: {who} keeps their password.',

  // a stopped provisioning given up
  abandonedTitle: '🗑️ *{id}* cancelled after its provisioning stopped{reason}.',
  abandonedPanel: 'Panel: {server}; {user}.',
  serverDeleted: 'its server was deleted',
  serverForceDeleted: 'its server was force-deleted',
  serverAbsent: 'it had no server',
  serverOther: 'server {what}',
  userDeleted: 'the panel user made for it was deleted',
  userAbsent: 'no panel user was left to remove',
  userKeptOwnsServers: "the customer's panel user was kept (it owns other servers)",
  userKeptNotOurs: "the customer's panel user was kept (in use, or not made by this order)",
  userOther: 'user {what}',
  abandonedTold: 'The customer was told, and asked to contact you about the payment.',
  cannotAbandon:
    "Can't cancel *{id}* now: {now}. A PROVISIONING order can be cancelled once its execution has stopped (FAILED, TIMED_OUT or ABORTED); the cancel then removes what it made from the panel. See !provision-status {id}",
  cannotAbandonRunning: 'its provisioning is {execution}',
  cannotAbandonNoExecution: 'no provisioning execution was found for it (!provision-retry starts it)',

  // the reconciliation's servers without a live order
  orphansTitle: {
    one: '🧹 *{n} server on the panel without a live order*',
    other: '🧹 *{n} servers on the panel without a live order*',
  },
  orphanLine: '• Server {serverId} ({name}) · order *{order}* is {status}',
  orphansMore: '…and {count} more.',
  orphansAdvice: 'Nothing was deleted. Check each one on the panel, then delete it there or retry its order.',
  orphanSummary: '{order} (server {serverId}, {status})',
  orphansTemplate: {
    one: '{n} panel servers without a live order: {summary}',
    other: '{n} panel servers without a live order: {summary}',
  },
  orphanUnknown: 'unknown',
  orphanSecondServer: '{status}, a second server',
} as const;

const id: Book<typeof en> = {
  helpTitle: '*Perintah admin*',
  helpOrders:
    '*!orders [status]*: antrean pesanan yang masih terbuka; status bisa pending, confirmed, failed, provisioning, completed, cancelled atau all',
  helpConfirm: '*!order-confirm ID*: pembayaran sudah masuk; server langsung dibuat kalau auto-provisioning aktif',
  helpPaymentLink:
    '*!payment-link ID*: kirim halaman pembayaran baru ke pelanggan pesanan itu (kalau pakai payment gateway)',
  helpCancel:
    '*!order-cancel ID [alasan]*: batalkan pesanan yang pending atau confirmed, atau provisioning yang berhenti (servernya dihapus)',
  helpReject:
    '*!order-reject ID [alasan]*: tolak bukti pembayaran; pelanggan menerima alasanmu dan pesanannya tetap terbuka',
  helpRetry: '*!provision-retry ID*: ulangi provisioning yang gagal, atau kirim ulang data login',
  helpResetPassword: '*!reset-password ID*: kirim password panel baru ke pelanggan pesanan itu (kamu tidak melihatnya)',
  helpStatus: '*!provision-status [ID]*: kondisi sistem dan jumlah pesanan, atau detail satu pesanan',
  helpTest: '*!provision-test*: cek koneksi ke panel dan API key',
  helpServices: '*!services [due|suspended|terminated|all]*: daftar server beserta masa aktifnya',
  helpSuspend: '*!suspend ID [alasan]* / *!unsuspend ID*: secara manual (perpanjangan tidak membuka suspend manual)',
  helpExtend: '*!extend ID HARI*: tambah hari gratis (angka negatif untuk mengurangi)',
  helpTerminate: '*!terminate ID*: hapus server (ada konfirmasi dulu; user panel tetap disimpan)',
  helpServiceRetry: '*!service-retry ID*: jalankan lagi suspend, unsuspend atau terminate yang gagal',
  helpCustomerCommands: 'Perintah pelanggan juga bisa dipakai: {commands}.',
  helpIds: 'ID tidak membedakan huruf besar/kecil: ord-7k2m9q juga bisa.',

  menuUnknown: 'Maaf, perintahnya tidak dikenali.',
  menuDidYouMean: 'Maaf, perintahnya tidak dikenali. Maksudnya *{suggestion}*?',
  menuBody:
    '{intro}\nPerintah admin: *!orders*, *!order-confirm ID*, *!provision-retry ID*, *!provision-status [ID]*, *!services*. Ketik *{help}* untuk semuanya.',
  openOrdersButton: 'Pesanan terbuka',
  serversDueButton: 'Server jatuh tempo',
  adminHelpButton: 'Bantuan admin',

  confirmPaymentButton: 'Konfirmasi bayar',
  cancelOrderButton: 'Batalkan pesanan',
  newOrderHeader: 'Pesanan baru',
  newOrderBody:
    '🛒 *{id}*\nPelanggan: {who}\nPaket: *{package}*{price}\n{resources}\n\nKonfirmasi setelah pembayarannya masuk:\n!order-confirm {id}',
  newOrderTemplate: 'Pesanan baru {id}: {package} dari {who}',
  customerCancelled: 'ℹ️ *{id}* ({package}) dibatalkan oleh pelanggan +{customer}.',

  confirmedWord: 'dikonfirmasi',
  confirmedProvisioning:
    '💳 *{id}* {how}. Provisioning dimulai (percobaan ke-{attempt}); nanti ada pesan kalau sudah selesai.',
  confirmedManual:
    '💳 *{id}* {how}. Auto-provisioning sedang mati: buat servernya manual, atau nyalakan lalu pakai !provision-retry {id}.',
  paidManual: 'dikonfirmasi oleh {by} pada {at}',
  paidGateway: 'dibayar{amount} lewat {gateway}{type} pada {at} ({ref})',
  paidType: ' dengan {type}',

  preflightFailed:
    '🛑 *{id}* sudah dikonfirmasi, tapi provisioning belum jalan: pengecekan awal (pre-flight) gagal.\n\n{reasons}\n\nPerbaiki dulu, lalu: !provision-retry {id}',
  retryButton: 'Coba lagi',
  preflightSkipped:
    'ℹ️ Pengecekan awal *{id}* dilewati: {skipped}. Provisioning tetap jalan dan mencoba ulang dengan jeda.',
  problemPackageGone: 'Paket {package} sudah tidak dikonfigurasi ({setting}?)',
  problemNoReason: 'Panel menolak paket ini (tanpa alasan)',
  problemUnreachable: 'Panel tidak bisa dicek: {detail}',

  cannot: 'Tidak bisa {action} *{id}*: {state}',
  actionConfirm: 'mengonfirmasi',
  actionApply: 'menerapkan',
  actionRetry: 'mengulang',
  actionCancel: 'membatalkan',
  actionRejectReceipt: 'menolak bukti bayar',
  statePending: 'pesanan masih menunggu pembayaran: !order-confirm {id}',
  stateConfirmedFailed: 'pesanan sudah dikonfirmasi dan percobaan terakhirnya gagal: !provision-retry {id}',
  stateConfirmed: 'pesanan sudah dikonfirmasi tapi servernya belum dibuat: !provision-retry {id}',
  stateProvisioning: 'servernya sedang dibuat (percobaan ke-{attempt}): !provision-status {id}',
  stateCompleted: 'pesanan sudah selesai.',
  stateCancelled: 'pesanan sudah dibatalkan.',

  cancelled: '🗑️ *{id}* dibatalkan{reason}. Pelanggan sudah diberi tahu.',
  retryStarted: '🔁 *{id}*: provisioning percobaan ke-{attempt} dimulai.',
  resumed: '🔁 *{id}*: percobaan ke-{attempt} dilanjutkan dari *{step}* (langkah yang sudah selesai tidak diulang).',
  resumedFailedStep:
    '🔁 *{id}*: percobaan ke-{attempt} dilanjutkan dari *langkah yang gagal* (langkah yang sudah selesai tidak diulang).',
  notResumable: '*{id}*: eksekusinya tidak bisa dilanjutkan dari sini; lakukan redrive lewat konsol Step Functions.',
  provisioningNow: '⏳ *{id}* sedang diproses sekarang (percobaan ke-{attempt}).',
  provisioningNowAt: '⏳ *{id}* sedang diproses sekarang (percobaan ke-{attempt}), di langkah *{step}*.',
  autoProvisioningOff: 'Auto-provisioning sedang mati (AUTO_PROVISIONING_ENABLED=false); *{id}* tidak dijalankan.',

  titleOpen: 'Pesanan terbuka',
  titleAll: 'Semua pesanan',
  titleFailed: 'Pesanan gagal',
  titlePending: 'Pesanan menunggu bayar',
  titleConfirmed: 'Pesanan terkonfirmasi',
  titleProvisioning: 'Pesanan sedang diproses',
  titleCompleted: 'Pesanan selesai',
  titleCancelled: 'Pesanan dibatalkan',
  badFilter: '"{typed}" bukan status; yang ditampilkan semua pesanan terbuka.',
  ordersNone: '*{title}*: tidak ada.',
  ordersList: '*{title}* (terlama di atas)\n\n{lines}{more}',
  ordersMore: 'Terlama di atas; masih ada pesanan lain.',

  stoppedWhere: '{status} di {step}',
  stoppedUseRetry: '{where} (pakai !provision-retry {id})',
  errorWord: 'error',
  stoppedWays: 'Lanjutkan: !provision-retry {id}, atau batalkan dengan rollback: !order-cancel {id}',
  detailHead: '*{id}* · {status} · percobaan ke-{attempt}',
  detailCustomer: 'Pelanggan: {name} +{customer}',
  detailPackage: 'Paket: {package} · {resources}',
  detailCurrentStep: 'Langkah sekarang: *{step}*',
  detailLastStep: 'Langkah terakhir: {step}',
  detailPanelUserCreated: 'User panel: {username} #{userId} (dibuat baru)',
  detailPanelUserReused: 'User panel: {username} #{userId} (sudah ada)',
  detailServer: 'Server: #{serverId} {identifier} {address}',
  detailServerRemoved: 'Server: #{serverId} {identifier} {address} (sudah dihapus oleh rollback)',
  detailCredentialsSent: 'Data login terkirim: {at}',
  detailLastError: 'Error terakhir ({step}): {code}: {message}',
  detailRenews: 'Memperpanjang: {id}',
  detailPayment: 'Pembayaran: {how}',
  detailPayLink: 'Link pembayaran: {provider} {reference} berlaku sampai {until}',
  historyTitle: '*Riwayat*',
  historyLine: '{at} {from}→{to} oleh {by}{reason}',

  overviewTitle: '*Status provisioning*',
  overviewAuto: 'Auto-provisioning: *{state}*',
  on: 'aktif',
  off: 'mati',
  overviewPanel: 'Panel: {state}{url}',
  overviewPanelOk: '✅ terhubung ({ms} ms)',
  unreachable: 'tidak bisa dihubungi',
  overviewPackages: 'Paket: {names}',
  overviewAdmins: 'Admin: {count}',
  overviewOrders: '*Pesanan*',
  overviewNoFailures: 'Tidak ada provisioning gagal yang menunggu.',
  overviewFailures: '*Kegagalan terakhir*',
  panelOk: '✅ *Panel OK*\n{url}\nLatensi: {ms} ms\n\n*Izin API key*\n{perms}',
  unknown: 'tidak diketahui',
  panelFailed: '❌ *Cek panel gagal*\n{url}\n{error}\n\nCek PTERODACTYL_URL dan PTERODACTYL_ADMIN_API_KEY.',

  resetHeader: 'Password panel baru',
  resetConfirm:
    '🔑 Kirim password baru akun panel ke {who} (pesanan *{id}*)?\n\nPassword hanya dikirim ke pelanggan, dalam satu pesan; kamu tidak akan melihatnya. Password lamanya langsung tidak berlaku.',
  sendPasswordButton: 'Kirim password baru',
  keepItButton: 'Jangan ganti',
  resetSent:
    '🔑 Password baru untuk akun panel *{username}* sudah dikirim ke {who}. Kamu tidak bisa melihatnya; password lamanya sudah tidak berlaku.',
  resetSentTemplate:
    '🔑 Password baru untuk akun panel *{username}* sudah dikirim ke {who} (lewat template resmi, karena jendela 24 jamnya sudah tertutup). Kamu tidak bisa melihatnya; password lamanya sudah tidak berlaku.',
  resetMaybeSent:
    '🔑 Password baru untuk {who} sudah dikirim, tapi balasan dari WhatsApp hilang: bisa jadi belum sampai. Kalau pelanggan belum menerimanya, coba reset lagi setelah 10 menit.',
  resetAlreadySent: '🔑 Reset ini sudah dikirim ke {who}.',
  resetNoAccount: '{who} belum punya akun panel (akun dibuat bersama server pertamanya): tidak ada yang di-reset.',
  resetProtected:
    'Akun panel {who} adalah akun administrator panel: tidak di-reset lewat WhatsApp. Silakan ganti langsung di panel.',
  resetBusy: 'Data login {who} sedang dikirim sekarang (pengiriman atau reset lain). Coba lagi dalam semenit.',
  resetTooSoon: 'Password {who} baru saja di-reset. Reset berikutnya bisa dilakukan {wait} lagi.',
  resetDailyLimit:
    'Password {who} sudah di-reset 5 kali dalam 24 jam terakhir. Reset berikutnya bisa dilakukan {wait} lagi.',
  resetUndeliverable:
    '⚠️ Password baru sudah dipasang untuk akun panel *{username}* milik {who}, tapi WhatsApp menolak pesannya: {reason}. Password lamanya sudah tidak berlaku; hubungi pelanggan lewat cara lain, atau batalkan pesanannya kalau data loginnya memang tidak bisa dikirim: !order-cancel {id}',
  resetKept: '👍 Tidak ada yang diubah: {who} tetap memakai password lamanya.',

  abandonedTitle: '🗑️ *{id}* dibatalkan setelah provisioning-nya berhenti{reason}.',
  abandonedPanel: 'Panel: {server}; {user}.',
  serverDeleted: 'servernya sudah dihapus',
  serverForceDeleted: 'servernya sudah dihapus paksa',
  serverAbsent: 'pesanan ini belum punya server',
  serverOther: 'server {what}',
  userDeleted: 'user panel yang dibuat untuk pesanan ini sudah dihapus',
  userAbsent: 'tidak ada user panel yang perlu dihapus',
  userKeptOwnsServers: 'user panel pelanggan tetap disimpan (masih punya server lain)',
  userKeptNotOurs: 'user panel pelanggan tetap disimpan (sedang dipakai, atau bukan dibuat oleh pesanan ini)',
  userOther: 'user {what}',
  abandonedTold: 'Pelanggan sudah diberi tahu dan diminta menghubungimu soal pembayarannya.',
  cannotAbandon:
    'Belum bisa membatalkan *{id}*: {now}. Pesanan PROVISIONING baru bisa dibatalkan setelah eksekusinya berhenti (FAILED, TIMED_OUT atau ABORTED); setelah itu pembatalan menghapus apa yang sudah dibuatnya di panel. Lihat !provision-status {id}',
  cannotAbandonRunning: 'status provisioning-nya {execution}',
  cannotAbandonNoExecution: 'tidak ada eksekusi provisioning untuk pesanan ini (!provision-retry akan memulainya)',

  orphansTitle: {
    one: '🧹 *{n} server di panel tanpa pesanan aktif*',
    other: '🧹 *{n} server di panel tanpa pesanan aktif*',
  },
  orphanLine: '• Server {serverId} ({name}) · pesanan *{order}* berstatus {status}',
  orphansMore: '…dan {count} lainnya.',
  orphansAdvice: 'Tidak ada yang dihapus. Cek satu per satu di panel, lalu hapus di sana atau ulangi pesanannya.',
  orphanSummary: '{order} (server {serverId}, {status})',
  orphansTemplate: {
    one: '{n} server panel tanpa pesanan aktif: {summary}',
    other: '{n} server panel tanpa pesanan aktif: {summary}',
  },
  orphanUnknown: 'tidak dikenal',
  orphanSecondServer: '{status}, server kedua',
};

const ptBR: Book<typeof en> = {
  helpTitle: '*Comandos de admin*',
  helpOrders:
    '*!orders [status]*: a fila de pedidos em aberto; o status pode ser pending, confirmed, failed, provisioning, completed, cancelled ou all',
  helpConfirm: '*!order-confirm ID*: pagamento recebido; instala o servidor se o auto-provisioning estiver ligado',
  helpPaymentLink:
    '*!payment-link ID*: manda ao cliente do pedido uma nova página de pagamento (com gateway de pagamento)',
  helpCancel:
    '*!order-cancel ID [motivo]*: cancela um pedido pendente ou confirmado, ou uma instalação parada (o servidor é removido)',
  helpReject:
    '*!order-reject ID [motivo]*: recusa um comprovante de pagamento; o cliente recebe o seu motivo e o pedido continua aberto',
  helpRetry: '*!provision-retry ID*: tenta de novo uma instalação que falhou, ou reenvia os dados de acesso',
  helpResetPassword: '*!reset-password ID*: manda ao cliente do pedido uma nova senha do painel (você nunca a vê)',
  helpStatus: '*!provision-status [ID]*: saúde do sistema e contagens, ou um pedido em detalhe',
  helpTest: '*!provision-test*: testa a conexão com o painel e a chave de API',
  helpServices: '*!services [due|suspended|terminated|all]*: os servidores e até quando estão pagos',
  helpSuspend: '*!suspend ID [motivo]* / *!unsuspend ID*: manualmente (uma renovação não tira uma suspensão manual)',
  helpExtend: '*!extend ID DIAS*: dias grátis (negativo encurta)',
  helpTerminate: '*!terminate ID*: apaga um servidor (pede confirmação antes; o usuário do painel é mantido)',
  helpServiceRetry: '*!service-retry ID*: roda de novo um suspend, unsuspend ou terminate que falhou',
  helpCustomerCommands: 'Os comandos de cliente também funcionam: {commands}.',
  helpIds: 'Os IDs não diferenciam maiúsculas de minúsculas: ord-7k2m9q funciona.',

  menuUnknown: 'Não entendi.',
  menuDidYouMean: 'Não entendi. Você quis dizer *{suggestion}*?',
  menuBody:
    '{intro}\nComandos de admin: *!orders*, *!order-confirm ID*, *!provision-retry ID*, *!provision-status [ID]*, *!services*. Digite *{help}* para ver todos.',
  openOrdersButton: 'Pedidos em aberto',
  serversDueButton: 'Servidores a vencer',
  adminHelpButton: 'Ajuda do admin',

  confirmPaymentButton: 'Confirmar pagamento',
  cancelOrderButton: 'Cancelar pedido',
  newOrderHeader: 'Novo pedido',
  newOrderBody:
    '🛒 *{id}*\nCliente: {who}\nPacote: *{package}*{price}\n{resources}\n\nConfirme assim que o pagamento cair:\n!order-confirm {id}',
  newOrderTemplate: 'Novo pedido {id}: {package} de {who}',
  customerCancelled: 'ℹ️ *{id}* ({package}) foi cancelado pelo cliente +{customer}.',

  confirmedWord: 'confirmado',
  confirmedProvisioning:
    '💳 *{id}* {how}. Instalação iniciada (tentativa {attempt}); você recebe uma mensagem quando terminar.',
  confirmedManual:
    '💳 *{id}* {how}. O auto-provisioning está desligado: crie o servidor manualmente, ou ligue-o e use !provision-retry {id}.',
  paidManual: 'confirmado por {by} em {at}',
  paidGateway: 'pago{amount} via {gateway}{type} em {at} ({ref})',
  paidType: ' com {type}',

  preflightFailed:
    '🛑 *{id}* está confirmado, mas a instalação não começou: a verificação prévia (pre-flight) falhou.\n\n{reasons}\n\nCorrija isso e depois: !provision-retry {id}',
  retryButton: 'Tentar de novo',
  preflightSkipped:
    'ℹ️ A verificação prévia de *{id}* foi pulada: {skipped}. A instalação segue e tenta de novo com espera progressiva.',
  problemPackageGone: 'O pacote {package} não está mais configurado ({setting}?)',
  problemNoReason: 'O painel recusou o pacote (sem motivo informado)',
  problemUnreachable: 'Não foi possível verificar o painel: {detail}',

  cannot: 'Não dá para {action} *{id}*: {state}',
  actionConfirm: 'confirmar',
  actionApply: 'aplicar',
  actionRetry: 'refazer a instalação de',
  actionCancel: 'cancelar',
  actionRejectReceipt: 'recusar o comprovante de',
  statePending: 'ele está aguardando pagamento: !order-confirm {id}',
  stateConfirmedFailed: 'ele está confirmado e a última tentativa falhou: !provision-retry {id}',
  stateConfirmed: 'ele está confirmado e ainda não foi instalado: !provision-retry {id}',
  stateProvisioning: 'ele está sendo instalado agora (tentativa {attempt}): !provision-status {id}',
  stateCompleted: 'ele já foi concluído.',
  stateCancelled: 'ele já foi cancelado.',

  cancelled: '🗑️ *{id}* cancelado{reason}. O cliente foi avisado.',
  retryStarted: '🔁 *{id}*: tentativa de instalação {attempt} iniciada.',
  resumed: '🔁 *{id}*: tentativa {attempt} retomada a partir de *{step}* (nada do que já foi feito se repete).',
  resumedFailedStep:
    '🔁 *{id}*: tentativa {attempt} retomada a partir da *etapa que falhou* (nada do que já foi feito se repete).',
  notResumable: '*{id}*: a execução não pode ser retomada por aqui; faça o redrive pelo console do Step Functions.',
  provisioningNow: '⏳ *{id}* está sendo instalado agora mesmo (tentativa {attempt}).',
  provisioningNowAt: '⏳ *{id}* está sendo instalado agora mesmo (tentativa {attempt}), na etapa *{step}*.',
  autoProvisioningOff: 'O auto-provisioning está desligado (AUTO_PROVISIONING_ENABLED=false); *{id}* não foi iniciado.',

  titleOpen: 'Pedidos em aberto',
  titleAll: 'Todos os pedidos',
  titleFailed: 'Pedidos com falha',
  titlePending: 'Pedidos pendentes',
  titleConfirmed: 'Pedidos confirmados',
  titleProvisioning: 'Pedidos em instalação',
  titleCompleted: 'Pedidos concluídos',
  titleCancelled: 'Pedidos cancelados',
  badFilter: '"{typed}" não é um status; mostrando todos os pedidos em aberto.',
  ordersNone: '*{title}*: nenhum.',
  ordersList: '*{title}* (mais antigos primeiro)\n\n{lines}{more}',
  ordersMore: 'Mais antigos primeiro; há mais pedidos na fila.',

  stoppedWhere: '{status} em {step}',
  stoppedUseRetry: '{where} (use !provision-retry {id})',
  errorWord: 'erro',
  stoppedWays: 'Retome com !provision-retry {id}, ou cancele com rollback: !order-cancel {id}',
  detailHead: '*{id}* · {status} · tentativa {attempt}',
  detailCustomer: 'Cliente: {name} +{customer}',
  detailPackage: 'Pacote: {package} · {resources}',
  detailCurrentStep: 'Etapa atual: *{step}*',
  detailLastStep: 'Última etapa: {step}',
  detailPanelUserCreated: 'Usuário do painel: {username} #{userId} (criado)',
  detailPanelUserReused: 'Usuário do painel: {username} #{userId} (reaproveitado)',
  detailServer: 'Servidor: #{serverId} {identifier} {address}',
  detailServerRemoved: 'Servidor: #{serverId} {identifier} {address} (removido pelo rollback)',
  detailCredentialsSent: 'Dados de acesso enviados: {at}',
  detailLastError: 'Último erro ({step}): {code}: {message}',
  detailRenews: 'Renova: {id}',
  detailPayment: 'Pagamento: {how}',
  detailPayLink: 'Link de pagamento: {provider} {reference} válido até {until}',
  historyTitle: '*Histórico*',
  historyLine: '{at} {from}→{to} por {by}{reason}',

  overviewTitle: '*Status das instalações*',
  overviewAuto: 'Auto-provisioning: *{state}*',
  on: 'ligado',
  off: 'desligado',
  overviewPanel: 'Painel: {state}{url}',
  overviewPanelOk: '✅ acessível ({ms} ms)',
  unreachable: 'inacessível',
  overviewPackages: 'Pacotes: {names}',
  overviewAdmins: 'Admins: {count}',
  overviewOrders: '*Pedidos*',
  overviewNoFailures: 'Nenhuma instalação com falha aguardando.',
  overviewFailures: '*Últimas falhas*',
  panelOk: '✅ *Painel OK*\n{url}\nLatência: {ms} ms\n\n*A chave de API pode*\n{perms}',
  unknown: 'desconhecido',
  panelFailed: '❌ *Falha ao testar o painel*\n{url}\n{error}\n\nConfira PTERODACTYL_URL e PTERODACTYL_ADMIN_API_KEY.',

  resetHeader: 'Nova senha do painel',
  resetConfirm:
    '🔑 Enviar para {who} (pedido *{id}*) uma nova senha da conta do painel?\n\nEla vai só para o cliente, em uma única mensagem; você não vai vê-la. A senha atual dele para de funcionar.',
  sendPasswordButton: 'Enviar nova senha',
  keepItButton: 'Manter a atual',
  resetSent:
    '🔑 Uma nova senha da conta do painel *{username}* foi enviada para {who}. Você não a vê; a senha antiga não funciona mais.',
  resetSentTemplate:
    '🔑 Uma nova senha da conta do painel *{username}* foi enviada para {who} (pelo template aprovado, porque a janela de 24 horas estava fechada). Você não a vê; a senha antiga não funciona mais.',
  resetMaybeSent:
    '🔑 Uma nova senha foi enviada para {who}, mas a resposta do WhatsApp se perdeu: talvez ela não tenha chegado. Se o cliente não recebeu, refaça o reset daqui a 10 minutos.',
  resetAlreadySent: '🔑 Este reset para {who} já foi enviado.',
  resetNoAccount: '{who} ainda não tem conta no painel (ela é criada com o primeiro servidor): nada foi redefinido.',
  resetProtected:
    'A conta do painel de {who} é de um administrador do painel: ela não é redefinida pelo WhatsApp. Troque a senha direto no painel.',
  resetBusy:
    'O acesso de {who} está sendo enviado agora mesmo (uma entrega ou outro reset). Tente de novo daqui a um minuto.',
  resetTooSoon: 'A senha de {who} acabou de ser redefinida. Dá para fazer outro reset em {wait}.',
  resetDailyLimit:
    'A senha de {who} já foi redefinida 5 vezes nas últimas 24 horas. Dá para fazer outro reset em {wait}.',
  resetUndeliverable:
    '⚠️ Uma nova senha foi definida para a conta do painel *{username}* de {who}, mas o WhatsApp recusou a mensagem: {reason}. A senha antiga não funciona mais; fale com o cliente por outro canal, ou cancele o pedido se o acesso nunca puder ser entregue: !order-cancel {id}',
  resetKept: '👍 Nada foi alterado: {who} continua com a mesma senha.',

  abandonedTitle: '🗑️ *{id}* cancelado depois que a instalação parou{reason}.',
  abandonedPanel: 'Painel: {server}; {user}.',
  serverDeleted: 'o servidor foi apagado',
  serverForceDeleted: 'o servidor foi apagado à força',
  serverAbsent: 'ele não tinha servidor',
  serverOther: 'servidor {what}',
  userDeleted: 'o usuário do painel criado para ele foi apagado',
  userAbsent: 'não sobrou usuário do painel para remover',
  userKeptOwnsServers: 'o usuário do painel do cliente foi mantido (ele tem outros servidores)',
  userKeptNotOurs: 'o usuário do painel do cliente foi mantido (em uso, ou não foi criado por este pedido)',
  userOther: 'usuário {what}',
  abandonedTold: 'O cliente foi avisado e orientado a falar com você sobre o pagamento.',
  cannotAbandon:
    'Não dá para cancelar *{id}* agora: {now}. Um pedido PROVISIONING só pode ser cancelado depois que a execução parar (FAILED, TIMED_OUT ou ABORTED); aí o cancelamento remove do painel o que ela criou. Veja !provision-status {id}',
  cannotAbandonRunning: 'a instalação está {execution}',
  cannotAbandonNoExecution: 'nenhuma execução de instalação foi encontrada para ele (o !provision-retry inicia uma)',

  orphansTitle: {
    one: '🧹 *{n} servidor no painel sem pedido ativo*',
    other: '🧹 *{n} servidores no painel sem pedido ativo*',
  },
  orphanLine: '• Servidor {serverId} ({name}) · pedido *{order}*: {status}',
  orphansMore: '…e mais {count}.',
  orphansAdvice: 'Nada foi apagado. Confira cada um no painel e depois apague por lá ou tente o pedido de novo.',
  orphanSummary: '{order} (servidor {serverId}, {status})',
  orphansTemplate: {
    one: '{n} servidor do painel sem pedido ativo: {summary}',
    other: '{n} servidores do painel sem pedido ativo: {summary}',
  },
  orphanUnknown: 'desconhecido',
  orphanSecondServer: '{status}, um segundo servidor',
};

export const ADMIN_TEXTS: Books<typeof en> = { en, id, 'pt-BR': ptBR };
