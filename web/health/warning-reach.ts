/**
 * Who the office reached through the app (trust model 20): per contact, from what the office
 * already holds. A contact sealed by a guest app (the inner layer's `app` flag, which the server
 * never sees) at a venue and time a warning of the case covers was warned; the server's record
 * of an acknowledgement for that check-in says when it was read. Kiosk walk-ins and data typed
 * into the widget have no app: the office calls them. Sorted so the ones to call come first.
 */
import type { CaseWarning } from '../../protocol/api/office-warnings.ts';
import { visitOverlaps } from '../../protocol/warning-feed.ts';

export type Reach =
  | { state: 'read'; readAt: number }
  | { state: 'unread' }
  /** Sealed without the app (kiosk, typed into the widget), or by an app version that did not say: call. */
  | { state: 'no_app' }
  /** In an app, but no warning of the case covers this stay (yet): call, or warn. */
  | { state: 'not_warned' };

export interface ReachableContact {
  checkInId: string;
  venueId: string;
  inApp: boolean;
  arrivedAt: number;
  /** The stay's end as the office assumes it (checkout, or the venue's default stay). */
  end: number;
}

export function reachOf(contact: ReachableContact, warnings: readonly CaseWarning[]): Reach {
  if (!contact.inApp) return { state: 'no_app' };
  const covering = warnings.filter(
    (entry) =>
      entry.withdrawal === null &&
      entry.warning.venueId === contact.venueId &&
      visitOverlaps(entry.warning, { arrivedAt: contact.arrivedAt, end: contact.end }),
  );
  if (covering.length === 0) return { state: 'not_warned' };
  const reads = covering.flatMap((entry) => entry.reads.filter((read) => read.checkInId === contact.checkInId).map((read) => read.readAt));
  return reads.length > 0 ? { state: 'read', readAt: Math.min(...reads) } : { state: 'unread' };
}

const ORDER: Record<Reach['state'], number> = { no_app: 0, not_warned: 1, unread: 2, read: 3 };

/** The ones to call first: no app, not warned, warned but unread, read; otherwise the order given. */
export function byReach<T extends { reach: Reach }>(contacts: readonly T[]): T[] {
  return contacts
    .map((contact, position) => ({ contact, position }))
    .sort((a, b) => ORDER[a.contact.reach.state] - ORDER[b.contact.reach.state] || a.position - b.position)
    .map(({ contact }) => contact);
}
