/**
 * Venue signing keys in the office's audit view, pinned on this device (trust model 6). The
 * server serves the cards whose keys check venue entries (approvals, declines); a venue's keys
 * never change (the Worker refuses a card with other keys, worker/routes/venue-admin.ts), so the
 * first key this device used for a venue stays the one it checks that venue's entries with. A
 * served key that differs is not used, and the venue is reported: the server swapped the key to
 * pass off entries the venue never signed, which then fail as unsigned.
 */
export interface PinnedVenueKey {
  venueId: string;
  signingKey: string;
}

export interface PinnedKeys {
  /** The key to check each venue's entries with: the pinned one where there is one. */
  keys: Map<string, string>;
  /** Venues whose served key differs from the pinned one. */
  changed: string[];
  /** Keys seen for the first time, to pin from now on. */
  fresh: PinnedVenueKey[];
}

export function pinVenueKeys(served: readonly PinnedVenueKey[], pinned: ReadonlyMap<string, string>): PinnedKeys {
  const result: PinnedKeys = { keys: new Map(), changed: [], fresh: [] };
  for (const card of served) {
    const pin = pinned.get(card.venueId);
    if (pin === undefined) {
      result.fresh.push({ venueId: card.venueId, signingKey: card.signingKey });
      result.keys.set(card.venueId, card.signingKey);
    } else {
      result.keys.set(card.venueId, pin);
      if (pin !== card.signingKey) result.changed.push(card.venueId);
    }
  }
  return result;
}
