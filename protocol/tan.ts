/**
 * TANs: the short code a guest reads out to a health office on the phone (trust model point 5).
 *
 * Alphabet: Crockford's base32 (0-9, A-Z without I, L, O, U), so that no two symbols look or
 * sound alike; when reading, I and L are taken as 1, O as 0, case, spaces and dashes are ignored.
 * A TAN is 11 random symbols (55 bits from the CSPRNG) and one check symbol computed with the
 * Luhn mod N algorithm (N = 32), which catches every single wrong symbol and every swap of two
 * adjacent different symbols except 0 and Z (the one pair Luhn mod N cannot tell apart).
 * Shown as XXXX-XXXX-XXXX.
 *
 * The TAN has two parts drawn by two parties. The first 6 symbols (30 bits) are the lookup: the
 * server draws it (drawTanLookup, with the CSPRNG, again on a collision) when the guest's device
 * uploads the history, stores only its hash and answers it; the office sends the lookup, never more,
 * to fetch the history. So no client ever chooses a lookup, and no upload can learn that another
 * exists. The remaining 5 data symbols (25 bits) are the secret: the guest's device draws it
 * (generateTanSecret) before sealing, it never leaves the device and the office's browser, and it
 * is bound into the history's associated data (protocol/history.ts). A server that answers a lookup
 * with a history of its own making, or another guest's, has to guess the secret: it succeeds once in
 * 2^25 (33.5 million) tries, and every failed try shows in the office as a history that does not
 * open, not as an answer it could test offline (opening needs the office's private key). The check
 * symbol is computed on the device once both parts are known (tanFromParts).
 */
import { ProtocolError, randomBytes, sha256, toBase64Url, utf8 } from './bytes.ts';

export const TAN_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = TAN_ALPHABET.length;
export const TAN_DATA_LENGTH = 11;
export const TAN_LENGTH = TAN_DATA_LENGTH + 1;
/** The symbols the server draws and is told (the lookup); the other data symbols and the check symbol it never sees. */
export const TAN_LOOKUP_LENGTH = 6;
/** The symbols the guest's device draws and keeps (the secret). */
export const TAN_SECRET_LENGTH = TAN_DATA_LENGTH - TAN_LOOKUP_LENGTH;

function checkSymbol(data: string): string {
  let sum = 0;
  let double = true; // the rightmost data symbol is doubled, as in Luhn
  for (let i = data.length - 1; i >= 0; i--) {
    let value = TAN_ALPHABET.indexOf(data.charAt(i));
    if (double) {
      value *= 2;
      value = Math.floor(value / N) + (value % N);
    }
    sum += value;
    double = !double;
  }
  return TAN_ALPHABET.charAt((N - (sum % N)) % N);
}

/** `length` uniform symbols from the CSPRNG (256 is a multiple of 32: masking a byte to 5 bits is uniform). */
function randomSymbols(length: number): string {
  return Array.from(randomBytes(length), (byte) => TAN_ALPHABET.charAt(byte & 31)).join('');
}

/** A whole TAN at once: only for tests and vectors. Real TANs are made by tanFromParts. */
export function generateTan(): string {
  return tanFromBytes(randomBytes(TAN_DATA_LENGTH));
}

/** The Worker's part: a fresh lookup for a new transfer. */
export function drawTanLookup(): string {
  return randomSymbols(TAN_LOOKUP_LENGTH);
}

/** The guest device's part: the secret, drawn before the history is sealed to it. */
export function generateTanSecret(): string {
  return randomSymbols(TAN_SECRET_LENGTH);
}

/** The TAN the guest reads out: the server's lookup, the device's secret, and the check symbol. */
export function tanFromParts(lookup: string, secret: string): string {
  const data = lookup + secret;
  if (lookup.length !== TAN_LOOKUP_LENGTH || secret.length !== TAN_SECRET_LENGTH || Array.from(data).some((s) => !TAN_ALPHABET.includes(s)))
    throw new ProtocolError('bad_tan', `a TAN is ${TAN_LOOKUP_LENGTH} lookup and ${TAN_SECRET_LENGTH} secret symbols`);
  return data + checkSymbol(data);
}

/** The TAN for `TAN_DATA_LENGTH` bytes (from the CSPRNG; tests pass their own to replay a case). */
export function tanFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== TAN_DATA_LENGTH) throw new ProtocolError('bad_payload', `a TAN needs ${TAN_DATA_LENGTH} bytes`);
  // 256 is a multiple of 32, so masking a random byte to 5 bits is uniform.
  const data = Array.from(bytes, (byte) => TAN_ALPHABET.charAt(byte & 31)).join('');
  return data + checkSymbol(data);
}

/** Reads Crockford base32 as people write and say it: any case, spaces and dashes, I/L as 1, O as 0. */
export function normaliseCrockford(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Encodes bytes as Crockford base32, 5 bits per symbol, most significant bits first. */
export function toCrockford(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += TAN_ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += TAN_ALPHABET.charAt((value << (5 - bits)) & 31);
  return out;
}

/** Normalises what a person typed or heard and checks the check symbol; returns the canonical TAN. */
export function parseTan(input: string): string {
  const normalised = normaliseCrockford(input);
  if (normalised.length !== TAN_LENGTH || Array.from(normalised).some((symbol) => !TAN_ALPHABET.includes(symbol))) {
    throw new ProtocolError('bad_tan', `a TAN has ${TAN_LENGTH} characters from 0-9 and A-Z`);
  }
  if (checkSymbol(normalised.slice(0, TAN_DATA_LENGTH)) !== normalised.charAt(TAN_DATA_LENGTH)) {
    throw new ProtocolError('bad_tan', 'the TAN has a typo: its check character does not match');
  }
  return normalised;
}

/** The part of a (canonical) TAN the server is told: its first TAN_LOOKUP_LENGTH symbols. */
export function tanLookup(tan: string): string {
  return tan.slice(0, TAN_LOOKUP_LENGTH);
}

/** The secret part of a (canonical) TAN: symbols 7 to 11, which only the device and the office know. */
export function tanSecret(tan: string): string {
  return tan.slice(TAN_LOOKUP_LENGTH, TAN_DATA_LENGTH);
}

/** Normalises a lookup as sent to the server (the Worker's side of redeeming); throws bad_tan. */
export function parseTanLookup(input: string): string {
  const normalised = normaliseCrockford(input);
  if (normalised.length !== TAN_LOOKUP_LENGTH || Array.from(normalised).some((symbol) => !TAN_ALPHABET.includes(symbol))) {
    throw new ProtocolError('bad_tan', `a TAN lookup has ${TAN_LOOKUP_LENGTH} characters from 0-9 and A-Z`);
  }
  return normalised;
}

/** What the server stores to find a history: base64url(SHA-256("luca-next/v1/tan-lookup:" ‖ lookup)). */
export async function lookupHash(lookup: string): Promise<string> {
  return toBase64Url(await sha256(utf8(`luca-next/v1/tan-lookup:${lookup}`)));
}

export function formatTan(tan: string): string {
  return tan.match(/.{1,4}/g)?.join('-') ?? tan;
}
