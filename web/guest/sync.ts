/**
 * The offline queue: whatever stays are not yet fully on the server (check-in or checkout
 * pending) are completed here, one flush at a time, at app start, when the browser comes back
 * online, and every few seconds while something waits. Stays past the venue's default stay are
 * checked out automatically, at the time the stay ended. Per-stay locking is in checkin-service.
 */
import type { ContactData } from '../../protocol/contact.ts';
import { type CheckInService, automaticDeparture, guestCheckIns, isOffline } from './checkin-service.ts';
import { type Stay, guestStore } from './guest-store.ts';

export interface FlushResult {
  sent: number;
  waiting: number;
  /** Stays that reached a final refusal in this flush. */
  problems: Stay[];
}

/** The stays the queue walks through: IndexedDB (guest-store.ts); memory in tests. */
export type QueueStore = Pick<typeof guestStore, 'stay' | 'stays' | 'expireOld'>;

export interface OfflineQueue {
  /** Runs one flush; a call while one is running gets that run's result instead of a second run. */
  flushQueue: (contact: ContactData, now?: number) => Promise<FlushResult>;
  /** Resolves when no flush is running (before deleting everything, for instance). */
  whenIdle: () => Promise<void>;
  /** True while some stay still waits to be sent, or a stay has run past its automatic checkout. */
  needsFlush: (now?: number) => Promise<boolean>;
}

function isOpen(stay: Stay): boolean {
  return stay.checkIn === 'pending' || stay.checkOut === 'pending';
}

/** The queue of `service`'s stays kept in `store`. */
export function offlineQueue(service: Pick<CheckInService, 'checkOut' | 'completeCheckIn'>, store: QueueStore): OfflineQueue {
  let running: Promise<FlushResult> | undefined;

  async function flush(contact: ContactData, now: number): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, waiting: 0, problems: [] };
    await store.expireOld(now);
    for (const stay of await store.stays()) {
      const endsOnItsOwn =
        stay.checkIn !== 'refused' && stay.checkIn !== 'failed' && stay.departedAt === undefined && now >= automaticDeparture(stay);
      if (!endsOnItsOwn && !isOpen(stay)) continue;
      try {
        const done = endsOnItsOwn
          ? await service.checkOut(stay.id, contact, automaticDeparture(stay))
          : await service.completeCheckIn(stay.id, contact);
        if (!isOpen(done)) result.sent++;
      } catch (error) {
        const saved = await store.stay(stay.id);
        if (saved && !isOpen(saved)) result.problems.push(saved);
        else result.waiting++;
        if (!isOffline(error) && saved && isOpen(saved)) console.warn('check-in queue', error);
      }
    }
    return result;
  }

  return {
    flushQueue(contact, now = Date.now()) {
      running ??= flush(contact, now).finally(() => {
        running = undefined;
      });
      return running;
    },
    async whenIdle() {
      await running?.catch(() => undefined);
    },
    async needsFlush(now = Date.now()) {
      return (await store.stays()).some(
        (stay) => isOpen(stay) || (stay.checkIn === 'sent' && stay.departedAt === undefined && now >= automaticDeparture(stay)),
      );
    },
  };
}

/** The guest app's queue. */
export const { flushQueue, whenIdle, needsFlush } = offlineQueue(guestCheckIns, guestStore);
