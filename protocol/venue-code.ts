/**
 * The short venue code printed under the QR code, for guests whose camera fails: 16 Crockford
 * base32 symbols, shown as XXXX-XXXX-XXXX-XXXX.
 *
 *   lookup (8 symbols) = the first 40 bits of the venue id: the server finds the venue by it
 *   pin    (8 symbols) = the first 40 bits of SHA-256("luca-next/v1/venue-code" ‖ venueId ‖ officeId
 *                         ‖ encryptionKey ‖ signingKey)
 *
 * The venue id is itself derived from the keys and the office (protocol/venue-id.ts), so all 80
 * bits of the code pin the keys: a server that wanted typed-code check-ins sealed to keys of its
 * own must find key pairs whose id and pin both match, about 2^80 tries for a chosen venue
 * (PROTOCOL.md "Venue code" states the work factor). Keeping the id and swapping the keys is
 * refused outright, whatever the pin. The QR code, which pins the full key, remains the strong path.
 */
import { ProtocolError, concat, fromBase64Url, sha256, utf8 } from './bytes.ts';
import { normaliseCrockford, TAN_ALPHABET, toCrockford } from './tan.ts';
import { venueIdMatchesKeys } from './venue-id.ts';

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

/** True if the card the server returned for the lookup has the keys the printed code names: its id derived from them, both halves equal. */
export async function venueCodeMatches(card: CodedCard, code: { lookup: string; pin: string }): Promise<boolean> {
  return (
    venueCodeLookup(card.venueId) === code.lookup && (await pinOf(card)) === code.pin && (await venueIdMatchesKeys(card.venueId, card))
  );
}
