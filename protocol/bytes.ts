/**
 * Byte helpers shared by every protocol module.
 *
 * base64url: RFC 4648 section 5, without padding (what JWK and our wire format use).
 * Field encoding: a domain label and a list of fields, each prefixed with its length as a
 * 32-bit big-endian integer, so that no two different field lists encode to the same bytes.
 * Signatures and AEAD associated data are always computed over this encoding, never over JSON.
 */

/** A byte array backed by a plain ArrayBuffer, which is what WebCrypto accepts as BufferSource. */
export type Bytes = Uint8Array<ArrayBuffer>;

// Marked pure: a bundle that imports this module without using them (the widget loader) drops them.
const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function utf8(text: string): Bytes {
  const encoded = encoder.encode(text);
  const out = new Uint8Array(encoded.length);
  out.set(encoded);
  return out;
}

/** Decodes UTF-8, throwing on malformed input instead of inserting replacement characters. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function concat(...parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function randomBytes(length: number): Bytes {
  const out = new Uint8Array(length);
  crypto.getRandomValues(out);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] ?? 0);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict decoder: refuses padding, whitespace, the standard alphabet and impossible lengths. */
export function fromBase64Url(text: string): Bytes {
  if (!BASE64URL_PATTERN.test(text) || text.length % 4 === 1) {
    throw new ProtocolError('bad_encoding', 'not a base64url string');
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  // Refuse non-canonical encodings (unused trailing bits set) so each value has exactly one spelling.
  if (toBase64Url(out) !== text) throw new ProtocolError('bad_encoding', 'non-canonical base64url');
  return out;
}

/** Length-prefixed, domain-separated encoding of a field list (see PROTOCOL.md "Field encoding"). */
export function encodeFields(label: string, ...fields: readonly (string | Uint8Array)[]): Bytes {
  const parts: Uint8Array[] = [];
  for (const field of [label, ...fields]) {
    const bytes = typeof field === 'string' ? utf8(field) : field;
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length, false);
    parts.push(length, bytes);
  }
  return concat(...parts);
}

export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** Every refusal by the protocol layer carries a stable code that callers map to messages. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export type ProtocolErrorCode =
  | 'bad_encoding'
  | 'bad_key'
  | 'decryption_failed'
  | 'bad_signature'
  | 'not_yet_valid'
  | 'expired'
  | 'wrong_office'
  | 'wrong_day'
  | 'bad_payload'
  | 'bad_tan'
  | 'revoked'
  | 'stale_revocation'
  | 'rolled_back'
  | 'certificate_rolled_back'
  /** More persons than PARTY_LIMIT, or more data than the largest check-in size (protocol/checkin.ts). */
  | 'party_too_large';
