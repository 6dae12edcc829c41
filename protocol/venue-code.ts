/**
 * The short venue code printed under the QR code, for guests whose camera fails: 16 Crockford
 * base32 symbols, shown as XXXX-XXXX-XXXX-XXXX.
 *
 *   lookup (8 symbols) = the first 40 bits of the venue id: the server finds the venue by it
 *   pin    (8 symbols) = the first 40 bits of SHA-256("luca-next/v1/venue-code" ‖ venueId ‖ officeId
 *                         ‖ encryptionKey ‖ signingKey)
 *
 * The pin makes the typed code check the venue's keys as the QR code does, with 40 bits instead
 * of the full key. Because the venue id is hashed in, a server that wanted to swap keys must
 * search about 2^40 key pairs for each venue it targets (it cannot match "any" venue at once).
 * The QR code, which pins the full key, remains the strong path.
 */
import { ProtocolError, concat, fromBase64Url, sha256, utf8 } from './bytes.ts';
import { normaliseCrockford, TAN_ALPHABET, toCrockford } from './tan.ts';

export const VENUE_CODE_LENGTH = 16;

export function venueCodeLookup(venueId: string): string {
  return toCrockford(fromBase64Url(venueId).slice(0, 5));
}

type CodedCard = { venueId: string; officeId: string; encryptionKey: string; signingKey: string };

async function pinOf(card: CodedCard): Promise<string> {
  const digest = await sha256(
    concat(
      utf8('luca-next/v1/venue-code'),
      fromBase64Url(card.venueId),
      fromBase64Url(card.officeId),
      fromBase64Url(card.encryptionKey),
      fromBase64Url(card.signingKey),
    ),
  );
  return toCrockford(digest.slice(0, 5));
}

export async function venueCode(card: CodedCard): Promise<string> {
  return venueCodeLookup(card.venueId) + (await pinOf(card));
}

export function formatVenueCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export function parseVenueCode(input: string): { lookup: string; pin: string } {
  const code = normaliseCrockford(input);
  if (code.length !== VENUE_CODE_LENGTH || Array.from(code).some((symbol) => !TAN_ALPHABET.includes(symbol))) {
    throw new ProtocolError('bad_payload', `a venue code has ${VENUE_CODE_LENGTH} characters from 0-9 and A-Z`);
  }
  return { lookup: code.slice(0, 8), pin: code.slice(8) };
}

/** True if the card the server returned for the lookup has the keys the printed pin names. */
export async function venueCodeMatches(card: CodedCard, code: { lookup: string; pin: string }): Promise<boolean> {
  return venueCodeLookup(card.venueId) === code.lookup && (await pinOf(card)) === code.pin;
}
