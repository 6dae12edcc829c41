import { describe, expect, it } from 'vitest';
import { DAILY_KEYS_PER_REQUEST } from '../../protocol/office-keyring.ts';
import { addDays } from '../../protocol/time.ts';
import { PublishIncompleteError, publishInBatches } from './daily-key-batches.ts';

const TODAY = '2026-03-01';
/** Today and 90 days ahead, as an office's first unlock at the 90-day horizon needs them. */
const DAYS = Array.from({ length: 91 }, (_, i) => addDays(TODAY, i));

/** A server that stores each request whole, and refuses the requests whose numbers are listed. */
function server(refusing: readonly number[] = []) {
  const days = new Set<string>();
  let requests = 0;
  return {
    days,
    sizes: [] as number[],
    send(batch: string[]): Promise<void> {
      requests++;
      if (refusing.includes(requests)) return Promise.reject(new Error(`request ${requests} refused`));
      this.sizes.push(batch.length);
      for (const day of batch) days.add(day);
      return Promise.resolve();
    },
  };
}

describe('publishing daily keys in batches', () => {
  it(`sends at most ${DAILY_KEYS_PER_REQUEST} keys per request, soonest days first, and keeps each batch once stored`, async () => {
    const store = server();
    const kept: string[] = [];
    const published = await publishInBatches(
      [...DAYS].reverse(),
      (day) => Promise.resolve(day),
      (batch) => store.send(batch),
      (batch) => kept.push(...batch),
    );
    expect(published).toBe(91);
    expect(store.sizes).toEqual([16, 16, 16, 16, 16, 11]);
    expect(kept).toEqual(DAYS);
    expect([...store.days].sort()).toEqual(DAYS);
  });

  it('keeps what earlier requests stored when a later one fails, makes no keys for the rest, and the next run completes it', async () => {
    const store = server([3]);
    const made: string[] = [];
    const kept: string[] = [];
    const run = (days: readonly string[]) =>
      publishInBatches(
        days,
        (day) => {
          made.push(day);
          return Promise.resolve(day);
        },
        (batch) => store.send(batch),
        (batch) => kept.push(...batch),
      );
    const failure = await run(DAYS).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PublishIncompleteError);
    expect(failure).toMatchObject({ published: 32, missing: 59 });
    expect((failure as PublishIncompleteError).cause).toEqual(new Error('request 3 refused'));
    expect([...store.days].sort()).toEqual(DAYS.slice(0, 32));
    expect(kept).toEqual(DAYS.slice(0, 32));
    expect(made).toHaveLength(48); // the third batch was made and refused; nothing after it

    // The next unlock asks only for the days the office still lacks.
    expect(await run(DAYS.filter((day) => !kept.includes(day)))).toBe(59);
    expect([...store.days].sort()).toEqual(DAYS);
    expect(kept.sort()).toEqual(DAYS);
  });

  it('passes the first request’s failure on as it is, since nothing was published', async () => {
    const store = server([1]);
    await expect(
      publishInBatches(
        DAYS,
        (day) => Promise.resolve(day),
        (batch) => store.send(batch),
        () => undefined,
      ),
    ).rejects.toThrow('request 1 refused');
    expect(store.days.size).toBe(0);
  });
});
