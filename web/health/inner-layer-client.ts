/**
 * The health app's way to decrypt released inner layers: runs inner-layer.worker.ts (bundled by
 * Vite as a module worker) off the main thread, forwards progress for one progress bar, resolves
 * with the result in release order and ends the workers; rejects if a worker fails.
 *
 * Chromium runs WebCrypto on the calling worker's own thread, so one worker uses one core however
 * many records it keeps in flight. A big job is therefore split over one worker per core
 * (workerCount: at most 8, and only for 500+ releases per worker); `options.workers` overrides it.
 */
import { mergeResults, progressCombiner, splitJob, workerCount } from './inner-layer.ts';
import type { InnerJob, InnerMessage } from './inner-layer.worker.ts';

type InnerResult = Extract<InnerMessage, { kind: 'done' }>;

export function decryptReleases(
  job: InnerJob,
  onProgress: (done: number, total: number) => void,
  options: { workers?: number } = {},
): Promise<InnerResult> {
  const parts = splitJob(job, options.workers ?? workerCount(job.releases.length, navigator.hardwareConcurrency));
  const progress = progressCombiner(
    parts.map((part) => part.releases.length),
    onProgress,
  );
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const results: InnerResult[] = [];
    let pending = parts.length;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parts.forEach((part, index) => {
      if (settled) return;
      const worker = new Worker(new URL('./inner-layer.worker.ts', import.meta.url), { type: 'module' });
      workers.push(worker);
      worker.onmessage = (event: MessageEvent<InnerMessage>) => {
        if (settled) return;
        const message = event.data;
        if (message.kind === 'progress') {
          try {
            progress(index, message.done);
          } catch (error) {
            fail(error);
          }
          return;
        }
        worker.terminate();
        results[index] = message;
        if (--pending === 0) {
          settled = true;
          resolve(mergeResults(results));
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(new Error(`inner-layer worker failed: ${event.message || 'could not start'}`));
      };
      worker.onmessageerror = () => fail(new Error('inner-layer worker sent a message that could not be read'));
      try {
        worker.postMessage(part);
      } catch (error) {
        fail(error); // an object structured clone cannot carry (DataCloneError)
      }
    });
  });
}
