/**
 * The guest's side of warnings (trust model 19, 20), shared by the app and its service worker:
 *
 * 1. fetch the public feed from the device's cursor, page by page (the same request from every
 *    app: nothing of the history leaves the device);
 * 2. compute the tags of the history's own (venue, day) pairs and open only those entries;
 * 3. verify each opened warning or withdrawal up to the pinned root (`verifyWarning`), and keep a
 *    warning only if it overlaps a stay exactly (protocol/warning-feed.ts);
 * 4. "Verstanden": for each stay it concerns, prove that stay's secret, one request per stay,
 *    each after its own random delay, so the requests share no identifier and no fixed rhythm.
 */
import {
  type FeedEntry,
  type VisitForMatching,
  candidateEntries,
  exposedVisits,
  openFeedEntry,
  tagIndex,
} from '../../protocol/warning-feed.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import { type WarningOffice, verifyWarning, verifyWithdrawal } from '../../protocol/warning.ts';
import type { ReceivedWarning, Stay, WarningFeedState } from './guest-store.ts';

export interface FeedPage {
  entries: FeedEntry[];
  cursor: number;
  more: boolean;
}

export interface WarningDependencies {
  root: Uint8Array<ArrayBuffer>;
  fetchFeed: (after: number) => Promise<FeedPage>;
  /** The cursor a device without stays starts from (`GET /api/warnings/feed?head=1`). */
  fetchHead: () => Promise<number>;
  /** The office's certificate and revocation state as the directory serves them, with the highest serial this device has seen. */
  office: (officeId: string) => Promise<WarningOffice>;
  /** Keeps the serial of a revocation state a warning was checked against (no rollback below it later). */
  rememberRevocation?: (officeId: string, serial: number) => void;
  store: {
    stays: () => Promise<Stay[]>;
    warning: (id: string) => Promise<ReceivedWarning | undefined>;
    saveWarning: (received: ReceivedWarning) => Promise<void>;
    feedState: () => Promise<WarningFeedState>;
    saveFeedState: (state: WarningFeedState) => Promise<void>;
  };
  now?: () => number;
  /** Told of each entry that matched a tag but did not open or verify (a forged or altered entry): never shown. */
  onRejected?: (entry: FeedEntry, reason: unknown) => void;
}

export interface RefreshResult {
  /** Warnings newly stored (not withdrawn). */
  added: ReceivedWarning[];
  /** Warnings a verified withdrawal reached in this run. */
  withdrawn: ReceivedWarning[];
}

/** The stays matching considers: every stay the guest made (sent or still queued), with the end the office would assume. */
export function visitsOf(stays: readonly Stay[], now: number): VisitForMatching[] {
  return stays
    .filter((stay) => stay.checkIn === 'pending' || stay.checkIn === 'sent')
    .map((stay) => ({
      checkInId: stay.id,
      venueId: stay.venueId,
      arrivedAt: stay.arrivedAt,
      end: stay.departedAt ?? Math.min(now, stay.arrivedAt + stay.defaultStayMinutes * MINUTE_MS),
    }));
}

/** Fetches the feed since the cursor and stores what concerns this device. Throws only if the feed cannot be fetched. */
export async function refreshWarnings(deps: WarningDependencies): Promise<RefreshResult> {
  const now = deps.now ?? Date.now;
  const state = await deps.store.feedState();
  const result: RefreshResult = { added: [], withdrawn: [] };
  let cursor = state.cursor;
  const visits = visitsOf(await deps.store.stays(), now());
  let page: FeedPage;
  try {
    // No stays and never fetched: nothing before now can concern this device, so it starts near the head.
    if (cursor === 0 && visits.length === 0) {
      await deps.store.saveFeedState({ cursor: await deps.fetchHead(), checkedAt: now() });
      return result;
    }
    page = await deps.fetchFeed(cursor);
  } catch (error) {
    await deps.store.saveFeedState({ ...state, failedAt: now() });
    throw error;
  }
  const index = await tagIndex(visits);
  const offices = new Map<string, Promise<WarningOffice>>();
  const office = (officeId: string) => {
    let found = offices.get(officeId);
    if (!found) offices.set(officeId, (found = deps.office(officeId)));
    return found;
  };
  for (;;) {
    for (const { entry, venueId } of candidateEntries(page.entries, index)) {
      try {
        await consider(entry, venueId);
      } catch (error) {
        deps.onRejected?.(entry, error);
      }
    }
    cursor = page.cursor;
    await deps.store.saveFeedState({ cursor, checkedAt: now() });
    if (!page.more) break;
    page = await deps.fetchFeed(cursor);
  }
  return result;

  async function consider(entry: FeedEntry, venueId: string): Promise<void> {
    const body = await openFeedEntry(venueId, entry);
    if (body.kind === 'warning') {
      const { warning } = body;
      if (await deps.store.warning(warning.warningId)) return;
      const verified = await verifyWarning(deps.root, await office(warning.officeId), warning, now());
      deps.rememberRevocation?.(warning.officeId, verified.revocationSerial);
      const exposed = exposedVisits(warning, visits);
      if (exposed.length === 0) return;
      const received: ReceivedWarning = {
        warning,
        officeName: verified.officeName,
        checkInIds: exposed.map((visit) => visit.checkInId),
        receivedAt: now(),
        notified: false,
        acknowledged: [],
      };
      await deps.store.saveWarning(received);
      result.added.push(received);
      return;
    }
    const { withdrawal } = body;
    const stored = await deps.store.warning(withdrawal.warningId);
    if (!stored || stored.withdrawnAt !== undefined) return;
    // The withdrawal must come from the office that warned, and verify like a warning.
    if (withdrawal.officeId !== stored.warning.officeId || withdrawal.venueId !== stored.warning.venueId)
      throw new Error('withdrawal of another office');
    await verifyWithdrawal(deps.root, await office(withdrawal.officeId), withdrawal, now());
    const updated = { ...stored, withdrawnAt: withdrawal.withdrawnAt };
    await deps.store.saveWarning(updated);
    result.added = result.added.filter((item) => item.warning.warningId !== withdrawal.warningId);
    result.withdrawn.push(updated);
  }
}

/** The longest a further acknowledgement waits, so that several stays' requests do not leave together. */
export const ACK_SPREAD_MS = 20_000;

export interface AcknowledgeDependencies {
  stays: (id: string) => Promise<Stay | undefined>;
  send: (warningId: string, checkInId: string, secret: string) => Promise<void>;
  saveWarning: (received: ReceivedWarning) => Promise<void>;
  warning: (id: string) => Promise<ReceivedWarning | undefined>;
  /** Waits before a further request (a random delay; tests pass none). */
  pause?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * "Verstanden": marks the warning read on the device at once, then acknowledges each stay it
 * concerns with that stay's own secret. The first goes at once, each further one after its own
 * random pause; stays already acknowledged are skipped, so a later call finishes what a lost
 * connection left. Throws the first failure (the rest are tried next time).
 */
export async function acknowledgeWarning(
  warningId: string,
  deps: AcknowledgeDependencies,
  now = Date.now(),
): Promise<ReceivedWarning | undefined> {
  const stored = await deps.warning(warningId);
  if (!stored || stored.withdrawnAt !== undefined) return stored;
  let current: ReceivedWarning = { ...stored, readAt: stored.readAt ?? now, notified: true };
  await deps.saveWarning(current);
  const random = deps.random ?? Math.random;
  let first = true;
  for (const checkInId of current.checkInIds) {
    if (current.acknowledged.includes(checkInId)) continue;
    const stay = await deps.stays(checkInId);
    if (!stay) continue;
    if (!first) await deps.pause?.(Math.floor(random() * ACK_SPREAD_MS));
    first = false;
    await deps.send(warningId, checkInId, stay.checkoutSecret);
    current = { ...current, acknowledged: [...current.acknowledged, checkInId] };
    await deps.saveWarning(current);
  }
  return current;
}
