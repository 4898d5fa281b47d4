// Who a WhatsApp sender is, for deciding who is an admin. Meta names a sender by its phone number (wa_id)
// and, for business-scoped user ids, also by a BSUID (`US.1349…`); a sender matches a configured id by
// either. Some wa_ids differ from the number as it is dialled today, and both spellings are one person:
//
// - Brazil: mobile numbers gained a 9 after the area code (2012-2016); accounts older than that keep a
//   wa_id without it. 55 + area + 9 + 8 digits ≡ 55 + area + 8 digits, only for a mobile line (the 8
//   digits start with 6-9): 55 11 2xxx-xxxx is a landline, a different line from 55 11 92xxx-xxxx.
// - Mexico: mobile numbers were dialled with a 1 after 52 until 2019; many wa_ids keep it.
//   521 + 10 digits ≡ 52 + 10 digits (Mexican national numbers never start with 1).

/** The ids one inbound message carries for its sender: the wa_id and/or the business-scoped user id. */
export interface SenderIds {
  /** The id the conversation answers (wa_id when Meta sent one, else the BSUID). */
  from: string;
  /** The business-scoped user id, when Meta sent one besides the wa_id. */
  userId?: string;
}

const BSUID = /^[A-Za-z]{2}\.[0-9A-Za-z]+$/;
const BR_MOBILE_WITH_9 = /^55([1-9]{2})9([6-9]\d{7})$/;
const MX_MOBILE_WITH_1 = /^521(\d{10})$/;

/**
 * One spelling per person: a BSUID as given (country prefix upper-cased), a number as digits with the
 * Brazilian mobile 9 and the Mexican mobile 1 removed.
 */
export function canonicalWhatsAppId(id: string): string {
  const trimmed = id.trim();
  if (BSUID.test(trimmed)) return `${trimmed.slice(0, 2).toUpperCase()}${trimmed.slice(2)}`;
  const digits = trimmed.replace(/[\s+().-]/g, '');
  if (!/^\d+$/.test(digits)) return trimmed;
  const br = BR_MOBILE_WITH_9.exec(digits);
  if (br) return `55${br[1]}${br[2]}`;
  const mx = MX_MOBILE_WITH_1.exec(digits);
  if (mx) return `52${mx[1]}`;
  return digits;
}

/** True when two ids name the same WhatsApp user (the same BSUID, or the same number in either spelling). */
export function sameWhatsAppUser(a: string, b: string): boolean {
  return canonicalWhatsAppId(a) === canonicalWhatsAppId(b);
}

/** True when any id of the sender matches any configured id (e.g. `ADMIN_WA_IDS`). */
export function senderMatches(configured: readonly string[], sender: SenderIds): boolean {
  const ids = [sender.from, sender.userId].filter((x): x is string => x !== undefined && x !== '');
  const wanted = new Set(configured.map(canonicalWhatsAppId));
  return ids.some((id) => wanted.has(canonicalWhatsAppId(id)));
}
