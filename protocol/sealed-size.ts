/**
 * The one size rule for every sealed envelope on the wire (PROTOCOL.md "Ciphertext sizes"): a
 * ciphertext field is the canonical base64url (protocol/bytes.ts) of an envelope of exactly the
 * length protocol/hybrid.ts makes from a plaintext padded the way its layer pads:
 *
 *   envelope bytes = 82 (version, ephemeral key, tag) + k · block,   1 ≤ k ≤ maxBlocks
 *
 * and it starts with the envelope version byte. Client and Worker share these schemas (protocol/api/),
 * so anything else (not base64url, another spelling of the same bytes, a length no honest client
 * makes) is refused with 400 before it is stored. The bounds cover the largest plaintext an honest
 * client can make (sealed-size.test.ts seals the extremes).
 */
import * as v from 'valibot';
import { fromBase64Url } from './bytes.ts';
import { ENVELOPE_VERSION, MIN_ENVELOPE_LENGTH } from './hybrid.ts';

export interface EnvelopeShape {
  /** The padding block of the plaintext (bytes); 0 for a plaintext of one fixed length. */
  block: number;
  /** The most blocks an honest plaintext needs, or the fixed plaintext length when `block` is 0. */
  maxBlocks: number;
}

/**
 * A check-in's inner layer (contact data for the office and any companions). Today's clients pad
 * to 1, 2, 4, 8 or 16 KiB (protocol/checkin.ts INNER_SIZES); the earlier version padded a single
 * contact to 256-byte blocks, and check-ins it queued offline may still arrive within 28 days, so
 * any multiple of 256 up to 16 KiB passes. Either way the length tells a reader only a bucket.
 */
export const CHECKIN_INNER: EnvelopeShape = { block: 256, maxBlocks: 64 };
/**
 * A check-in's outer layer: padded to a size fixed by its inner plaintext's (protocol/checkin.ts
 * `outerSizeFor`, at most 22,784 bytes = 89 blocks), which holds the inner envelope in base64url and
 * the visit's details; the earlier version used 256-byte blocks. 96 leave room.
 */
export const CHECKIN_OUTER: EnvelopeShape = { block: 256, maxBlocks: 96 };
/** A shared history: 1024-byte blocks (protocol/history.ts), up to 128,000 characters. */
export const HISTORY: EnvelopeShape = { block: 1024, maxBlocks: 93 };
/**
 * An office key grant: a P-256 private JWK with exactly kty, crv, x, y, d (protocol/office-keyring.ts),
 * 176 bytes of JSON, unpadded because every such JWK has this one length.
 */
export const KEY_GRANT: EnvelopeShape = { block: 0, maxBlocks: 176 };

/** The envelope lengths (bytes) a shape allows. */
export function envelopeLengthAllowed(shape: EnvelopeShape, length: number): boolean {
  const body = length - MIN_ENVELOPE_LENGTH;
  if (shape.block === 0) return body === shape.maxBlocks;
  return body > 0 && body % shape.block === 0 && body / shape.block <= shape.maxBlocks;
}

/** The longest envelope of a shape, in base64url characters. */
export function maxEnvelopeCharacters(shape: EnvelopeShape): number {
  const bytes = MIN_ENVELOPE_LENGTH + (shape.block === 0 ? shape.maxBlocks : shape.block * shape.maxBlocks);
  return Math.ceil((bytes * 4) / 3);
}

function decodesToEnvelope(shape: EnvelopeShape, text: string): boolean {
  try {
    const bytes = fromBase64Url(text);
    return bytes[0] === ENVELOPE_VERSION && envelopeLengthAllowed(shape, bytes.length);
  } catch {
    return false;
  }
}

/**
 * The schema of a ciphertext field holding an envelope of `shape`. Marked free of side effects so
 * that bundles importing a module that builds such a schema at its top level, but never use it,
 * drop it (the widget's loader reaches protocol/checkin.ts through protocol/widget.ts).
 */
/* @__NO_SIDE_EFFECTS__ */
export function sealedEnvelope(shape: EnvelopeShape) {
  const what = shape.block === 0 ? `${shape.maxBlocks} bytes` : `1 to ${shape.maxBlocks} blocks of ${shape.block} bytes`;
  return v.pipe(
    v.string(),
    // Bounded before it is decoded, so an oversized string costs nothing.
    v.maxLength(maxEnvelopeCharacters(shape)),
    v.check(
      (text) => decodesToEnvelope(shape, text),
      `must be a sealed envelope in canonical base64url: ${MIN_ENVELOPE_LENGTH} bytes plus ${what}`,
    ),
  );
}
