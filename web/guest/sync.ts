/**
 * The offline queue: whatever stays are not yet fully on the server (check-in or checkout
 * pending) are completed here, one flush at a time, at app start, when the browser comes back
 * online, and every few seconds while something waits. Stays past the venue's default stay are
 * checked out automatically, at the time the stay ended.
 */
import type { ContactData } from '../../protocol/contact.ts';
import { automaticDeparture, checkOut, completeCheckIn, isOffline } from './checkin-service.ts';
import { type Stay, guestStore } from './guest-store.ts';

export interface FlushResult {
  sent: number;
  waiting: number;
  refused: Stay[];
}

let running: Promise<FlushResult> | undefined;

/** Runs one flush; a call while one is running gets that run's result instead of a second run. */
export function flushQueue(contact: ContactData, now = Date.now()): Promise<FlushResult> {
  running ??= flush(contact, now).finally(() => {
    running = undefined;
  });
  return running;
}

async function flush(contact: ContactData, now: number): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, waiting: 0, refused: [] };
  await guestStore.expireOld(now);
  for (let stay of await guestStore.stays()) {
    if (stay.checkIn === 'refused') continue;
    if (stay.departedAt === undefined && now >= automaticDeparture(stay)) {
      stay = await checkOut(stay, contact, automaticDeparture(stay)).catch(() => guestStore.stay(stay.id).then((saved) => saved ?? stay));
    }
    if (stay.checkIn === 'sent' && stay.checkOut !== 'pending') continue;
    try {
      const done = await completeCheckIn(stay, contact);
      if (done.checkIn === 'sent' && done.checkOut !== 'pending') result.sent++;
    } catch (error) {
      const saved = await guestStore.stay(stay.id);
      // Offline or a server hiccup: it stays queued for the next flush. A refused venue is final.
      if (saved?.checkIn === 'refused') result.refused.push(saved);
      else result.waiting++;
      if (!isOffline(error) && saved?.checkIn !== 'refused') console.warn('check-in queue', error);
    }
  }
  return result;
}

/** True while some stay still waits to be sent, or a stay has run past its automatic checkout. */
export async function needsFlush(now = Date.now()): Promise<boolean> {
  return (await guestStore.stays()).some(
    (stay) => stay.checkIn === 'pending' || stay.checkOut === 'pending' || (stay.checkIn === 'sent' && stay.departedAt === undefined && now >= automaticDeparture(stay)),
  );
}
