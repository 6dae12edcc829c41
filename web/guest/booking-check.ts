/**
 * Pre-registrations for later slots (a table booking or a cinema ticket made with the saved
 * data) can be cancelled by the venue's website with the cancel token it kept; the server then
 * deletes the check-in, and the guest's history must lose it too, or the guest would share a
 * visit that never was. The app asks, with each booking's own secret, whether it is still
 * stored, and forgets the ones that are not. Only bookings that have not begun are asked about
 * (a visit that has begun can no longer be cancelled); each question names one check-in only.
 */
import { checkInRoutes } from '../../protocol/api/checkins.ts';
import { ApiRequestError, call } from '../../client/api.ts';
import { type Stay, guestStore } from './guest-store.ts';

/** A pre-registration the venue's website could still cancel. */
export function isUpcomingBooking(stay: Stay, now: number): boolean {
  return stay.checkIn === 'sent' && stay.arrivedAt > now;
}

/** Forgets the upcoming bookings the server no longer holds; returns how many. Offline, nothing changes. */
export async function dropCancelledBookings(now = Date.now()): Promise<number> {
  const upcoming = (await guestStore.stays()).filter((stay) => isUpcomingBooking(stay, now));
  let dropped = 0;
  for (const stay of upcoming) {
    try {
      await call(checkInRoutes.state, { params: { checkInId: stay.id }, body: { secret: stay.checkoutSecret } });
    } catch (error) {
      // Unknown (or never ours): cancelled. Anything else (offline, rate limit): ask again later.
      if (error instanceof ApiRequestError && error.code === 'checkout_refused') {
        await guestStore.deleteStay(stay.id);
        dropped++;
      }
    }
  }
  return dropped;
}
