/**
 * What a person reads when something fails, in German and English, for every refusal the Worker
 * can answer (the union in protocol/errors.ts: a missing code does not compile), for the API
 * client's own failures, for the protocol's verification failures and for the browser's
 * DOMExceptions (passkeys, storage). A server's English `message` is never shown. The texts are
 * impersonal, so that they fit the guest app ("du") as well as the venue and office apps ("Sie").
 */
import type { ApiErrorCode, ClientFailureCode } from '../protocol/errors.ts';
import type { ProtocolErrorCode } from '../protocol/bytes.ts';
import type { Lang } from './i18n.ts';

type ApiTexts = Record<ApiErrorCode | ClientFailureCode, string>;

const apiDe: ApiTexts = {
  offline: 'Keine Verbindung zum Server. Bitte die Internetverbindung prüfen und es erneut versuchen.',
  unexpected_response: 'Der Server hat unerwartet geantwortet. Bitte es in einer Minute erneut versuchen.',
  internal: 'Beim Server ist ein Fehler aufgetreten. Bitte es in einer Minute erneut versuchen.',
  invalid_input: 'Eine Angabe wurde nicht angenommen. Bitte die Eingaben prüfen.',
  bad_request: 'Die Anfrage war unvollständig. Bitte die Seite neu laden und es erneut versuchen.',
  bad_code: 'Dieser Code hat einen Tippfehler. Bitte Zeichen für Zeichen prüfen.',
  bad_tan: 'Die TAN hat einen Tippfehler: Das Prüfzeichen passt nicht. Bitte Zeichen für Zeichen vergleichen.',
  challenge_expired: 'Die Anmeldung hat zu lange gedauert. Bitte erneut beginnen.',
  duplicate_day: 'Ein Tagesschlüssel war doppelt dabei. Bitte die Seite neu laden.',
  duplicate_grant: 'Ein Schlüssel war doppelt freigegeben. Bitte die Seite neu laden.',
  duplicate_key: 'Ein Schlüssel war doppelt dabei. Bitte die Seite neu laden.',
  duplicate_release: 'Ein Check-in war doppelt in der Freigabe. Bitte die Anfrage neu öffnen.',
  no_keys: 'Es wurden keine Schlüssel mitgeschickt. Bitte die Seite neu laden.',
  passkey_refused: 'Der Passkey wurde nicht angenommen. Bitte erneut versuchen.',
  unknown_passkey: 'Dieser Passkey ist hier nicht bekannt. Bitte mit dem Passkey anmelden, mit dem das Konto angelegt wurde.',
  not_signed_in: 'Nicht angemeldet (oder die Sitzung ist abgelaufen). Bitte neu anmelden.',
  cancel_refused: 'Diese Buchung lässt sich nicht stornieren: Sie ist unbekannt oder wurde schon storniert.',
  checkout_refused: 'Das Auschecken wurde abgelehnt: Dieser Check-in ist nicht bekannt.',
  cross_origin: 'Diese Aktion ist nur aus der App selbst heraus erlaubt.',
  not_admin: 'Das dürfen nur Administratorinnen und Administratoren des Amts.',
  not_admitted: 'Ihr Zugang ist noch nicht freigeschaltet. Bitte den Gerätecode einer Administratorin oder einem Administrator nennen.',
  not_staff: 'Dieser Zugang gehört nicht (mehr) zum Amt.',
  not_your_flow: 'Diese Anmeldung wurde in einem anderen Fenster begonnen. Bitte erneut beginnen.',
  not_your_signature: 'Eine Anfrage muss mit dem eigenen Schlüssel unterschrieben sein. Bitte die Seite neu laden.',
  origin_not_allowed: 'Diese Website darf das Check-in-Formular dieses Orts nicht einbinden.',
  ancestor_not_allowed: 'Diese Seite wird in einer anderen Website angezeigt, die das Check-in-Formular dieses Orts nicht einbinden darf.',
  other_office: 'Das gehört zu einem anderen Gesundheitsamt.',
  wrong_account: 'Mit diesem Konto geht das hier nicht: Betriebs- und Amtskonten sind getrennt.',
  not_found: 'Nicht gefunden.',
  unknown_case: 'Diesen Fall gibt es in Ihrem Amt nicht.',
  unknown_claim_code: 'Diesen Übernahmecode gibt es nicht, oder er ist abgelaufen.',
  unknown_code: 'Diesen Code gibt es nicht, oder er ist abgelaufen oder schon benutzt.',
  unknown_contact: 'Diesen Kontakt gibt es in diesem Fall nicht.',
  unknown_employee: 'Diese Person gehört nicht zum Amt.',
  unknown_forward: 'Diese Weiterleitung gibt es nicht (mehr).',
  unknown_office: 'Dieses Gesundheitsamt ist nicht bekannt.',
  unknown_request: 'Diese Anfrage gibt es nicht (mehr).',
  unknown_tan:
    'Für Ihr Amt ist unter dieser TAN nichts geteilt. Bitte Zeichen für Zeichen vergleichen und fragen, ob die Person ihre Besuche mit Ihrem Amt geteilt hat.',
  unknown_venue: 'Diesen Ort gibt es nicht, oder er ist noch nicht für Check-ins freigeschaltet.',
  method_not_allowed: 'Diese Aktion gibt es nicht.',
  already_answered: 'Diese Anfrage ist schon beantwortet.',
  already_certified: 'Das Amt ist schon zertifiziert.',
  already_done: 'Das ist schon erledigt (vielleicht in einem anderen Fenster).',
  already_requested: 'Der Schlüssel des Amts wartet schon auf die Zertifizierung.',
  audit_replayed: 'Dieser Schritt ist schon im Protokoll. Bitte die Seite neu laden.',
  case_closed: 'Dieser Fall ist abgeschlossen.',
  case_exists: 'Zu dieser TAN gibt es schon einen Fall. Bitte den Fall in der Fallliste öffnen.',
  code_used: 'Dieser Code wurde schon benutzt.',
  day_has_key: 'Für diesen Tag gibt es schon einen Schlüssel. Bitte die Seite neu laden.',
  employee_removed: 'Diese Person wurde inzwischen entfernt.',
  forward_taken: 'Diese Weiterleitung wurde schon übernommen.',
  id_taken: 'Diese Kennung ist schon vergeben. Bitte erneut versuchen.',
  no_identity_key: 'Das Amt hat noch keinen Identitätsschlüssel.',
  no_setup: 'Für dieses Amt gibt es keine Einrichtung.',
  not_a_draft: 'Dieser Ort ist schon freigeschaltet; seine Schlüssel lassen sich nicht mehr ersetzen.',
  office_not_certified: 'Das Amt ist noch nicht zertifiziert. Bitte den Betreiber des Dienstes um die Zertifizierung bitten.',
  passkey_exists: 'Für dieses Konto gibt es auf diesem Gerät schon einen Passkey.',
  remove_self: 'Sie können sich nicht selbst entfernen.',
  request_exists: 'Diese Anfrage wurde schon gesendet.',
  venue_claimed: 'Dieser Ort wurde schon übernommen.',
  venue_exists: 'Diesen Ort gibt es schon.',
  visit_started:
    'Der gebuchte Zeitraum hat schon begonnen; der Besuch bleibt für das Gesundheitsamt gespeichert und wird nach 28 Tagen gelöscht.',
  tan_expired: 'Diese TAN ist abgelaufen (sie gilt 24 Stunden). Bitte die Person bitten, ihre Besuche erneut zu teilen.',
  payload_too_large: 'Das ist zu viel auf einmal. Bitte weniger auswählen.',
  unsupported_media_type: 'Die Anfrage hatte ein falsches Format. Bitte die Seite neu laden.',
  audit_mismatch: 'Der Protokolleintrag passt nicht zur Aktion. Bitte die Seite neu laden.',
  audit_signature: 'Der Protokolleintrag ist nicht richtig unterschrieben. Bitte die Seite neu laden.',
  audit_stale: 'Die Uhr dieses Geräts geht falsch (mehr als 10 Minuten). Bitte Datum und Uhrzeit einstellen.',
  bad_card: 'Die Angaben des Orts sind nicht richtig unterschrieben.',
  bad_certificate: 'Das Zertifikat ist ungültig.',
  bad_daily_key: 'Ein Tagesschlüssel ist nicht vom Amt unterschrieben.',
  bad_departure: 'Die Abreisezeit liegt vor der Ankunft oder zu weit danach.',
  bad_proof: 'Der Nachweis des Schlüssels ist ungültig. Bitte die Sicherungsdatei erneut öffnen.',
  bad_request_signature: 'Die Unterschrift der Anfrage stimmt nicht. Bitte die Seite neu laden.',
  bad_visit: 'Ein Besuch ist nicht plausibel (er muss in den letzten 28 Tagen liegen, begonnen haben und höchstens 24 Stunden dauern).',
  bad_window: 'Der Zeitraum ist ungültig: Das Ende muss nach dem Beginn liegen, höchstens 3 Tage später.',
  day_out_of_range: 'Dieser Tag liegt außerhalb des erlaubten Zeitraums.',
  forward_required: 'Dieser Ort gehört zu einem anderen Gesundheitsamt; die Anfrage wird dorthin weitergeleitet.',
  grants_incomplete: 'Nicht alle Mitarbeitenden haben einen Schlüssel erhalten. Bitte die Seite neu laden.',
  identity_for_admins: 'Den Identitätsschlüssel erhalten nur Administratorinnen und Administratoren.',
  keys_changed: 'Die Schlüssel eines freigeschalteten Orts lassen sich nicht ändern.',
  kiosk_code_required: 'An diesem Ort geht der Check-in nur mit dem Code am Eingangs-Bildschirm.',
  no_source: 'Ein Fall beginnt mit einer TAN, einer Weiterleitung oder einer Begründung für einen Fall ohne App.',
  not_a_case_visit: 'Die Person war um diese Zeit nicht an diesem Ort. Für andere Orte bitte eine Anfrage mit Begründung stellen.',
  not_in_window: 'Ein Check-in liegt nicht im angefragten Zeitraum.',
  own_venue: 'Dieser Ort gehört zum eigenen Amt: Bitte direkt anfragen.',
  reason_required: 'Bitte begründen, warum dieser Ort angefragt wird (mindestens 20 Zeichen).',
  stale_kiosk_code: 'Der Code am Eingangs-Bildschirm ist abgelaufen. Bitte den aktuellen Code scannen.',
  stale_office_key: 'Der Schlüssel des Gesundheitsamts ist nicht mehr aktuell. Bitte erneut versuchen.',
  unknown_key: 'Dieser Schlüssel ist nicht bekannt. Bitte die Seite neu laden.',
  unknown_visit_venue: 'Ein Besuch nennt einen Ort, den es nicht mehr gibt.',
  venue_not_live: 'Dieser Ort ist noch nicht freigeschaltet.',
  wrong_case: 'Die Anfrage gehört zu einem anderen Fall. Bitte die Seite neu laden.',
  wrong_day: 'Die Zeit passt nicht zum Tag des Schlüssels.',
  wrong_office: 'Der Schlüssel gehört zu einem anderen Gesundheitsamt.',
  wrong_office_key: 'Der Schlüssel des Gesundheitsamts passt nicht zu diesem Tag.',
  wrong_reference: 'Das Aktenzeichen passt nicht zum Fall.',
  rate_limited: 'Zu viele Versuche in kurzer Zeit. Bitte eine Minute warten und es dann erneut versuchen.',
};

const apiEn: ApiTexts = {
  offline: 'No connection to the server. Please check the internet connection and try again.',
  unexpected_response: 'The server answered unexpectedly. Please try again in a minute.',
  internal: 'Something went wrong on the server. Please try again in a minute.',
  invalid_input: 'Something you entered was not accepted. Please check your entries.',
  bad_request: 'The request was incomplete. Please reload the page and try again.',
  bad_code: 'This code has a typo. Please check it character by character.',
  bad_tan: 'The TAN has a typo: its check character does not match. Please compare it character by character.',
  challenge_expired: 'Signing in took too long. Please start again.',
  duplicate_day: 'A daily key was included twice. Please reload the page.',
  duplicate_grant: 'A key was granted twice. Please reload the page.',
  duplicate_key: 'A key was included twice. Please reload the page.',
  duplicate_release: 'A check-in was included twice in the release. Please open the request again.',
  no_keys: 'No keys were sent. Please reload the page.',
  passkey_refused: 'The passkey was not accepted. Please try again.',
  unknown_passkey: 'This passkey is not known here. Please sign in with the passkey the account was created with.',
  not_signed_in: 'Not signed in (or the session has expired). Please sign in again.',
  cancel_refused: 'This booking cannot be cancelled: it is unknown or already cancelled.',
  checkout_refused: 'Checking out was refused: this check-in is not known.',
  cross_origin: 'This is only allowed from within the app itself.',
  not_admin: 'Only the office’s administrators may do this.',
  not_admitted: 'Your access has not been admitted yet. Please read your device code to an administrator.',
  not_staff: 'This account does not (or no longer) belong to the office.',
  not_your_flow: 'This sign-in was started in another window. Please start again.',
  not_your_signature: 'A request must be signed with your own key. Please reload the page.',
  origin_not_allowed: 'This website may not embed this venue’s check-in form.',
  ancestor_not_allowed: 'This page is shown inside another website that may not embed this venue’s check-in form.',
  other_office: 'This belongs to another health office.',
  wrong_account: 'This account cannot do this here: venue and office accounts are separate.',
  not_found: 'Not found.',
  unknown_case: 'Your office has no such case.',
  unknown_claim_code: 'This takeover code does not exist, or it has expired.',
  unknown_code: 'This code does not exist, or it has expired or been used.',
  unknown_contact: 'This case has no such contact.',
  unknown_employee: 'This person does not belong to the office.',
  unknown_forward: 'This forwarded visit does not exist (any more).',
  unknown_office: 'This health office is not known.',
  unknown_request: 'This request does not exist (any more).',
  unknown_tan:
    'Nothing was shared with your office under this TAN. Please compare it character by character and ask whether the person shared their visits with your office.',
  unknown_venue: 'This venue does not exist, or it is not open for check-ins yet.',
  method_not_allowed: 'There is no such action.',
  already_answered: 'This request has already been answered.',
  already_certified: 'The office is already certified.',
  already_done: 'This has already been done (perhaps in another window).',
  already_requested: 'The office’s key is already waiting for certification.',
  audit_replayed: 'This step is already in the audit log. Please reload the page.',
  case_closed: 'This case is closed.',
  case_exists: 'There is already a case for this TAN. Please open it from the list of cases.',
  code_used: 'This code has already been used.',
  day_has_key: 'There is already a key for this day. Please reload the page.',
  employee_removed: 'This person has been removed meanwhile.',
  forward_taken: 'This forwarded visit has already been taken over.',
  id_taken: 'This id is already taken. Please try again.',
  no_identity_key: 'The office has no identity key yet.',
  no_setup: 'There is no setup for this office.',
  not_a_draft: 'This venue is already live; its keys can no longer be replaced.',
  office_not_certified: 'The office is not certified yet. Please ask the service’s operator to certify it.',
  passkey_exists: 'There is already a passkey for this account on this device.',
  remove_self: 'You cannot remove yourself.',
  request_exists: 'This request has already been sent.',
  venue_claimed: 'This venue has already been taken over.',
  venue_exists: 'This venue already exists.',
  visit_started: 'The booked time has already begun; the visit stays stored for the health office and is deleted after 28 days.',
  tan_expired: 'This TAN has expired (it is valid for 24 hours). Please ask the person to share their visits again.',
  payload_too_large: 'That is too much at once. Please select less.',
  unsupported_media_type: 'The request had the wrong format. Please reload the page.',
  audit_mismatch: 'The audit entry does not match the action. Please reload the page.',
  audit_signature: 'The audit entry is not signed correctly. Please reload the page.',
  audit_stale: 'This device’s clock is wrong (by more than 10 minutes). Please set the date and time.',
  bad_card: 'The venue’s details are not signed correctly.',
  bad_certificate: 'The certificate is not valid.',
  bad_daily_key: 'A daily key is not signed by the office.',
  bad_departure: 'The departure is before the arrival, or too long after it.',
  bad_proof: 'The proof of the key is not valid. Please open the recovery kit again.',
  bad_request_signature: 'The request’s signature does not verify. Please reload the page.',
  bad_visit: 'A visit is not plausible (it must lie within the last 28 days, have begun, and last at most 24 hours).',
  bad_window: 'The time window is not valid: the end must be after the start, at most 3 days later.',
  day_out_of_range: 'This day is outside the allowed range.',
  forward_required: 'This venue belongs to another health office; the request is forwarded there.',
  grants_incomplete: 'Not every employee received a key. Please reload the page.',
  identity_for_admins: 'Only administrators receive the identity key.',
  keys_changed: 'The keys of a live venue cannot change.',
  kiosk_code_required: 'At this venue, check-in works only with the code on the entrance screen.',
  no_source: 'A case starts from a TAN, a forwarded visit, or a reason for a case without the app.',
  not_a_case_visit: 'The person was not at this venue around this time. For other venues, please send a request with a reason.',
  not_in_window: 'A check-in is not within the requested time window.',
  own_venue: 'This venue belongs to your own office: please ask it directly.',
  reason_required: 'Please give a reason why this venue is asked (at least 20 characters).',
  stale_kiosk_code: 'The code on the entrance screen has expired. Please scan the current code.',
  stale_office_key: 'The health office’s key is out of date. Please try again.',
  unknown_key: 'This key is not known. Please reload the page.',
  unknown_visit_venue: 'A visit names a venue that no longer exists.',
  venue_not_live: 'This venue is not open for check-ins yet.',
  wrong_case: 'The request belongs to another case. Please reload the page.',
  wrong_day: 'The time does not fit the key’s day.',
  wrong_office: 'The key belongs to another health office.',
  wrong_office_key: 'The health office’s key does not fit this day.',
  wrong_reference: 'The file number does not match the case.',
  rate_limited: 'Too many attempts in a short time. Please wait a minute and try again.',
};

type ProtocolTexts = Record<ProtocolErrorCode, string>;

/** Verification failures in the browser: something did not come from who it claims. */
const protocolDe: ProtocolTexts = {
  bad_encoding: 'Die Daten sind beschädigt.',
  bad_key: 'Ein Schlüssel ist ungültig.',
  bad_payload: 'Die Daten sind unvollständig oder beschädigt.',
  bad_signature: 'Eine Unterschrift stimmt nicht: Die Daten stammen nicht von der angegebenen Stelle.',
  bad_tan: apiDe.bad_tan,
  decryption_failed: 'Die Daten ließen sich nicht entschlüsseln: Sie sind nicht für diesen Schlüssel bestimmt oder wurden verändert.',
  expired: 'Ein Zertifikat ist abgelaufen.',
  not_yet_valid: 'Ein Zertifikat ist noch nicht gültig. Bitte Datum und Uhrzeit des Geräts prüfen.',
  wrong_day: 'Für diesen Tag gibt es (noch) keinen Schlüssel des Gesundheitsamts.',
  wrong_office: 'Die Schlüssel gehören zu einem anderen Gesundheitsamt.',
};

const protocolEn: ProtocolTexts = {
  bad_encoding: 'The data is damaged.',
  bad_key: 'A key is not valid.',
  bad_payload: 'The data is incomplete or damaged.',
  bad_signature: 'A signature does not verify: the data does not come from who it claims.',
  bad_tan: apiEn.bad_tan,
  decryption_failed: 'The data could not be decrypted: it is not meant for this key, or it was altered.',
  expired: 'A certificate has expired.',
  not_yet_valid: 'A certificate is not valid yet. Please check the device’s date and time.',
  wrong_day: 'There is no health-office key for this day (yet).',
  wrong_office: 'The keys belong to another health office.',
};

/** DOMException names the apps meet: WebAuthn (passkeys), IndexedDB and Web Locks. */
export type BrowserFailure =
  | 'NotAllowedError'
  | 'InvalidStateError'
  | 'SecurityError'
  | 'AbortError'
  | 'NotSupportedError'
  | 'QuotaExceededError'
  | 'TimeoutError'
  | 'other';

const browserDe: Record<BrowserFailure, string> = {
  NotAllowedError: 'Der Passkey-Dialog wurde abgebrochen oder ist abgelaufen. Bitte erneut versuchen.',
  InvalidStateError: 'Auf diesem Gerät gibt es für dieses Konto schon einen Passkey. Bitte damit anmelden.',
  SecurityError:
    'Der Browser lässt Passkeys auf dieser Adresse nicht zu. Bitte die App über ihre Adresse (nicht über eine IP-Adresse) öffnen.',
  AbortError: 'Der Vorgang wurde abgebrochen. Bitte erneut versuchen.',
  NotSupportedError: 'Dieser Browser unterstützt das nicht. Bitte einen aktuellen Browser verwenden.',
  QuotaExceededError: 'Auf diesem Gerät ist kein Speicherplatz mehr frei.',
  TimeoutError: 'Das hat zu lange gedauert. Bitte erneut versuchen.',
  other: 'Etwas ist schiefgelaufen. Bitte erneut versuchen; hilft das nicht, die Seite neu laden.',
};

const browserEn: Record<BrowserFailure, string> = {
  NotAllowedError: 'The passkey dialogue was cancelled or timed out. Please try again.',
  InvalidStateError: 'There is already a passkey for this account on this device. Please sign in with it.',
  SecurityError: 'The browser does not allow passkeys at this address. Please open the app by its name (not an IP address).',
  AbortError: 'This was cancelled. Please try again.',
  NotSupportedError: 'This browser does not support this. Please use an up-to-date browser.',
  QuotaExceededError: 'There is no storage space left on this device.',
  TimeoutError: 'That took too long. Please try again.',
  other: 'Something went wrong. Please try again; if that does not help, reload the page.',
};

export interface ErrorTexts {
  api: ApiTexts;
  protocol: ProtocolTexts;
  browser: Record<BrowserFailure, string>;
}

/** Spread into each app's catalogue as `errors`, so that a screen holding `messages` can describe any failure. */
export const errorMessages: Record<Lang, ErrorTexts> = {
  de: { api: apiDe, protocol: protocolDe, browser: browserDe },
  en: { api: apiEn, protocol: protocolEn, browser: browserEn },
};
