/**
 * `boundedMap`: runs an async task over a list with at most `concurrency` tasks in flight and
 * reports progress without flooding the listener. The decrypting workers (the venue's outer pass,
 * the health office's inner pass) use it: WebCrypto answers each call asynchronously, so keeping
 * several calls in flight is what keeps its threads busy, and a progress bar wants a steady
 * trickle of updates, not one message per record.
 */

export interface BoundedMapOptions {
  /** Most tasks in flight at once (at least 1). */
  concurrency: number;
  /**
   * Called with (done, total): once before the first task (0, total), then after a completion when
   * at least `progressIntervalMs` passed since the last call or `progressEvery` tasks completed
   * since then, and always once when all tasks are done (total, total).
   */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Default 50 ms. */
  progressIntervalMs?: number | undefined;
  /** Also report after this many completions since the last report. Default: time only. */
  progressEvery?: number | undefined;
  /** Clock in ms; tests pass their own. Default `performance.now`. */
  now?: (() => number) | undefined;
}

/**
 * Maps `items` through `task`, results in the order of `items`. If a task rejects, no further
 * task starts and the returned promise rejects with that error (tasks already in flight finish
 * unobserved); tasks that must not stop the run should catch their own errors.
 */
export async function boundedMap<T, R>(
  items: readonly T[],
  task: (item: T, index: number) => Promise<R>,
  options: BoundedMapOptions,
): Promise<R[]> {
  const total = items.length;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const interval = options.progressIntervalMs ?? 50;
  const every = options.progressEvery ?? Number.POSITIVE_INFINITY;
  const now = options.now ?? (() => performance.now());
  const onProgress = options.onProgress;
  const results = new Array<R>(total);

  let next = 0;
  let done = 0;
  let stopped = false;
  let lastReportAt = now();
  let lastReportDone = 0;
  onProgress?.(0, total);

  const report = () => {
    if (!onProgress) return;
    const at = now();
    if (done === total || at - lastReportAt >= interval || done - lastReportDone >= every) {
      lastReportAt = at;
      lastReportDone = done;
      onProgress(done, total);
    }
  };

  const runner = async () => {
    while (!stopped && next < total) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        stopped = true;
        throw error;
      }
      done++;
      report();
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, runner));
  return results;
}
