/**
 * Kiosk mode on the operator's tablet: once the kiosk screen is opened, the app shows nothing
 * else (no navigation, no sign-out, no other venue) until the operator confirms with their
 * passkey. The lock lives in localStorage, so a reload, a second tab or the Back button lands on
 * the kiosk again; it carries the venue's public card, so the kiosk keeps working when the
 * session has ended in the meantime (it needs only the keys on this device).
 */
import * as v from 'valibot';
import { IdSchema, VenueCardSchema } from '../../protocol/schemas.ts';
import type { VenueCard } from '../../protocol/venue.ts';

const STORAGE_KEY = 'luca-venue-kiosk';

const KioskLockSchema = v.strictObject({ accountId: IdSchema, card: VenueCardSchema });

export interface KioskLock {
  /** The operator who opened the kiosk: only their passkey ends it. */
  accountId: string;
  card: VenueCard;
}

export const kioskLock = {
  get(): KioskLock | undefined {
    try {
      const parsed = v.safeParse(KioskLockSchema, JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
      return parsed.success ? parsed.output : undefined;
    } catch {
      return undefined;
    }
  },
  set(lock: KioskLock): void {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(lock));
  },
  clear(): void {
    localStorage.removeItem(STORAGE_KEY);
  },
};
