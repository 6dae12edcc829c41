/**
 * Venue signing keys in the office's audit view (trust model 6). The server serves the cards whose
 * keys check venue entries (approvals, declines). A venue's id is derived from its keys
 * (protocol/venue-id.ts), and the entries name the venue by id, so a served card counts only if
 * its id is the one its keys give and it is signed by its own key: a server that swapped a
 * venue's key to pass off an entry the venue never signed cannot make such a card, and the
 * venue's entries then fail as unsigned. On top, each device pins the key it used once a chain
 * checked with it, so that a refused card later does not stop this device from checking the
 * venue's earlier entries with the key it had verified.
 */
import type { VenueCard } from '../../protocol/venue.ts';
import { pinnedPayloadOf, verifyVenueCard } from '../../protocol/venue.ts';

export interface PinnedVenueKey {
  venueId: string;
  signingKey: string;
}

export interface PinnedKeys {
  /** The key to check each venue's entries with: the served card's if it is the venue's own, else the pinned one, if any. */
  keys: Map<string, string>;
  /** Venues whose served card is not their own (id not derived from its keys, or not self-signed). */
  refused: string[];
  /** Keys of verified cards seen for the first time, to pin from now on. */
  fresh: PinnedVenueKey[];
}

/** True if the card's id follows from its keys and the card is signed by its own signing key. */
async function isOwnCard(card: VenueCard): Promise<boolean> {
  try {
    await verifyVenueCard(card, await pinnedPayloadOf(card));
    return true;
  } catch {
    return false;
  }
}

export async function pinVenueKeys(served: readonly VenueCard[], pinned: ReadonlyMap<string, string>): Promise<PinnedKeys> {
  const result: PinnedKeys = { keys: new Map(), refused: [], fresh: [] };
  for (const card of served) {
    const pin = pinned.get(card.venueId);
    if (await isOwnCard(card)) {
      result.keys.set(card.venueId, card.signingKey);
      if (pin === undefined) result.fresh.push({ venueId: card.venueId, signingKey: card.signingKey });
    } else {
      result.refused.push(card.venueId);
      if (pin !== undefined) result.keys.set(card.venueId, pin);
    }
  }
  return result;
}
