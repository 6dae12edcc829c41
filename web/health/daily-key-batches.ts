/**
 * Publishing many daily keys at once (an office's first unlock makes 91: today and 90 days ahead)
 * in requests the Worker takes: at most DAILY_KEYS_PER_REQUEST keys each, every request stored
 * whole or not at all. A failing request stops the run; what was stored stays stored, and the next
 * unlock makes only the days still missing.
 */
import { DAILY_KEYS_PER_REQUEST } from '../../protocol/office-keyring.ts';

/** Some keys were published, then a request failed (`cause`); the next unlock publishes the rest. */
export class PublishIncompleteError extends Error {
  constructor(
    readonly published: number,
    readonly missing: number,
    override readonly cause: unknown,
  ) {
    super(`published ${published} daily keys, ${missing} still missing`);
    this.name = 'PublishIncompleteError';
  }
}

/**
 * Makes the keys of one request, sends them, and only once the server stored them hands them to
 * `stored` (so the page never holds a key the server lacks, which an admission would then grant
 * in vain). Soonest days first: bookings for the coming days matter first. Keys of later requests
 * are made only when their turn comes, so a failure wastes no work on them.
 */
export async function publishInBatches<Key>(
  days: readonly string[],
  make: (day: string) => Promise<Key>,
  send: (batch: Key[]) => Promise<void>,
  stored: (batch: Key[]) => void,
  perRequest = DAILY_KEYS_PER_REQUEST,
): Promise<number> {
  const ordered = [...days].sort();
  let published = 0;
  for (let start = 0; start < ordered.length; start += perRequest) {
    const batch: Key[] = [];
    for (const day of ordered.slice(start, start + perRequest)) batch.push(await make(day));
    try {
      await send(batch);
    } catch (error) {
      if (published === 0) throw error;
      throw new PublishIncompleteError(published, ordered.length - published, error);
    }
    stored(batch);
    published += batch.length;
  }
  return published;
}
