/**
 * A venue's id is derived from its keys and its office (PROTOCOL.md "Venue id"):
 *
 *   venueId = base64url(first 16 bytes of SHA-256("luca-next/v1/venue-id" ‖ officeId ‖ encryptionKey ‖ signingKey))
 *
 * (officeId 16 bytes, both keys 65-byte uncompressed P-256 points, so the concatenation is
 * unambiguous). Why: an id the browser draws at random says nothing about the keys, so whatever
 * a guest knows of a venue by its id (the typed venue code's lookup half, the venue ids in a
 * shared history or an audit entry) would not pin the keys, and a server could serve a card
 * with its own keys under a real venue's id. Derived, every bit of the id pins the keys: a card
 * whose keys do not hash to its id is refused wherever a card is checked.
 */
import { type Bytes, concat, fromBase64Url, sha256, toBase64Url, utf8 } from './bytes.ts';

const LABEL = 'luca-next/v1/venue-id';

export interface VenueKeys {
  officeId: string;
  encryptionKey: string;
  signingKey: string;
}

export async function deriveVenueId(keys: VenueKeys): Promise<string> {
  return toBase64Url(await venueIdBytes(keys));
}

async function venueIdBytes(keys: VenueKeys): Promise<Bytes> {
  const digest = await sha256(
    concat(utf8(LABEL), fromBase64Url(keys.officeId), fromBase64Url(keys.encryptionKey), fromBase64Url(keys.signingKey)),
  );
  return digest.slice(0, 16);
}

/** True if `venueId` is the id these keys and this office give; false for any other id or undecodable input. */
export async function venueIdMatchesKeys(venueId: string, keys: VenueKeys): Promise<boolean> {
  try {
    return venueId === (await deriveVenueId(keys));
  } catch {
    return false;
  }
}
