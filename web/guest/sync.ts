/**
 * The offline queue: whatever stays are not yet fully on the server (check-in or checkout
 * pending) are completed here, one flush at a time, at app start, when the browser comes back
 * online, and every few seconds while something waits. Stays past the venue's default stay are
 * checked out automatically, at the time the stay ended. Per-stay locking is in checkin-service.
 */
import type { ContactData } from '../../protocol/contact.ts';
import { automaticDeparture, checkOut, completeCheckIn, isOffline } from './checkin-service.ts';
import { type Stay, guestStore } from './guest-store.ts';

export interface FlushResult {
  sent: number;
  waiting: number;
  /** Stays that reached a final refusal in this flush. */
  problems: Stay[];
}

let running: Promise<FlushResult> | undefined;

/** Runs one flush; a call while one is running gets that run's result instead of a second run. */
export function flushQueue(contact: ContactData, now = Date.now()): Promise<FlushResult> {
  running ??= flush(contact, now).finally(() => {
    running = undefined;
  });
  return running;
}

/** Resolves when no flush is running (before deleting everything, for instance). */
export async function whenIdle(): Promise<void> {
  await running?.catch(() => undefined);
}

function isOpen(stay: Stay): boolean {
  return stay.checkIn === 'pending' || stay.checkOut === 'pending';
}

async function flush(contact: ContactData, now: number): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, waiting: 0, problems: [] };
  await guestStore.expireOld(now);
  for (const stay of await guestStore.stays()) {
    const endsOnItsOwn = stay.checkIn !== 'refused' && stay.checkIn !== 'failed' && stay.departedAt === undefined && now >= automaticDeparture(stay);
    if (!endsOnItsOwn && !isOpen(stay)) continue;
    try {
      const done = endsOnItsOwn ? await checkOut(stay.id, contact, automaticDeparture(stay)) : await completeCheckIn(stay.id, contact);
      if (!isOpen(done)) result.sent++;
    } catch (error) {
      const saved = await guestStore.stay(stay.id);
      if (saved && !isOpen(saved)) result.problems.push(saved);
      else result.waiting++;
      if (!isOffline(error) && saved && isOpen(saved)) console.warn('check-in queue', error);
    }
  }
  return result;
}

/** True while some stay still waits to be sent, or a stay has run past its automatic checkout. */
export async function needsFlush(now = Date.now()): Promise<boolean> {
  return (await guestStore.stays()).some((stay) => isOpen(stay) || (stay.checkIn === 'sent' && stay.departedAt === undefined && now >= automaticDeparture(stay)));
}
