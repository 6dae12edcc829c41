import { describe, expect, it } from 'vitest';
import { boundedMap } from './bounded-map.ts';

/** A task that finishes when the test says so, to control the order of completions. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The value, or a thrown error if a test reached past the end of its list. */
function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('boundedMap', () => {
  it('keeps the order of the items and never has more than `concurrency` tasks in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 50 }, (_, i) => i);
    const results = await boundedMap(
      items,
      async (item, index) => {
        inFlight++;
        most = Math.max(most, inFlight);
        // Later items finish first, so completion order differs from item order.
        await new Promise((resolve) => setTimeout(resolve, (50 - item) % 7));
        inFlight--;
        return `${item}:${index}`;
      },
      { concurrency: 4 },
    );
    expect(results).toEqual(items.map((item) => `${item}:${item}`));
    expect(most).toBe(4);
  });

  it('starts the next task as soon as one finishes', async () => {
    const gates = Array.from({ length: 3 }, () => deferred<number>());
    const started: number[] = [];
    const run = boundedMap([0, 1, 2], (item) => (started.push(item), defined(gates[item]).promise), { concurrency: 2 });
    await tick();
    expect(started).toEqual([0, 1]);
    defined(gates[1]).resolve(1);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    defined(gates[0]).resolve(0);
    defined(gates[2]).resolve(2);
    expect(await run).toEqual([0, 1, 2]);
  });

  it('reports 0 first, then at most once per interval, and always the total at the end', async () => {
    let clock = 0;
    const reports: [number, number][] = [];
    const gates = Array.from({ length: 6 }, () => deferred<undefined>());
    const run = boundedMap(gates, (gate) => gate.promise, {
      concurrency: 6,
      progressIntervalMs: 50,
      now: () => clock,
      onProgress: (done, total) => reports.push([done, total]),
    });
    expect(reports).toEqual([[0, 6]]);
    clock = 10;
    defined(gates[0]).resolve(undefined);
    defined(gates[1]).resolve(undefined);
    await tick();
    expect(reports).toEqual([[0, 6]]); // 10 ms since the last report: quiet
    clock = 60;
    defined(gates[2]).resolve(undefined);
    await tick();
    expect(reports).toEqual([
      [0, 6],
      [3, 6],
    ]);
    clock = 70;
    defined(gates[3]).resolve(undefined);
    defined(gates[4]).resolve(undefined);
    defined(gates[5]).resolve(undefined);
    await run;
    expect(reports).toEqual([
      [0, 6],
      [3, 6],
      [6, 6],
    ]);
  });

  it('also reports every N completions when asked', async () => {
    const reports: number[] = [];
    await boundedMap(
      Array.from({ length: 10 }, (_, i) => i),
      (i) => Promise.resolve(i),
      {
        concurrency: 3,
        progressIntervalMs: Number.POSITIVE_INFINITY,
        progressEvery: 4,
        onProgress: (done) => reports.push(done),
      },
    );
    expect(reports).toEqual([0, 4, 8, 10]);
  });

  it('rejects with the first error and starts no further task', async () => {
    const started: number[] = [];
    const run = boundedMap(
      [0, 1, 2, 3, 4],
      (item) => {
        started.push(item);
        if (item === 1) return Promise.reject(new Error('boom'));
        return Promise.resolve(item);
      },
      { concurrency: 1 },
    );
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });

  it('handles an empty list', async () => {
    const reports: [number, number][] = [];
    expect(
      await boundedMap([], () => Promise.resolve(1), { concurrency: 8, onProgress: (done, total) => reports.push([done, total]) }),
    ).toEqual([]);
    expect(reports).toEqual([[0, 0]]);
  });
});
