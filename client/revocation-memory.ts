/**
 * What a device remembers about each office's revocation state (protocol/revocation.ts, trust
 * model 18): the highest serial it has accepted. A server that later serves an older state (one
 * that does not yet name a removed employee) is caught as a rollback on this device. Kept in
 * localStorage per app origin; a device that never saw a state, or whose storage was cleared,
 * accepts any fresh one (PROTOCOL.md "Revocation").
 */
import * as v from 'valibot';

const STORAGE_KEY = 'luca-revocation-serials';
const SerialsSchema = v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(0)));

const storage = () => globalThis.localStorage as Storage | undefined;

/** What this page accepted, also when storage is blocked: the check holds at least for the page's life. */
const seenHere = new Map<string, number>();

function read(): Record<string, number> {
  let stored: Record<string, number> = {};
  try {
    const parsed = v.safeParse(SerialsSchema, JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '{}'));
    if (parsed.success) stored = parsed.output;
  } catch {
    // Unreadable storage counts as none; seenHere still holds.
  }
  for (const [officeId, serial] of seenHere) stored[officeId] = Math.max(stored[officeId] ?? 0, serial);
  return stored;
}

export const revocationMemory = {
  /** The highest serial this device accepted for the office, 0 if none. */
  highest(officeId: string): number {
    return read()[officeId] ?? 0;
  },
  /** Remembers a verified state's serial; a lower one never replaces a higher one. */
  remember(officeId: string, serial: number): void {
    const serials = read();
    if ((serials[officeId] ?? 0) >= serial) return;
    serials[officeId] = serial;
    seenHere.set(officeId, serial);
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify(serials));
    } catch {
      // Storage full or blocked: seenHere keeps it for this page's life.
    }
  },
};
