/**
 * Runs outer-layer.worker.ts (bundled by Vite as a module worker): opens the venue's outer
 * layers off the main thread, forwarding progress, and ends the worker when it is done.
 */
import type { OuterJob, OuterMessage } from './outer-layer.worker.ts';

export function openOuterLayers(
  job: OuterJob,
  onProgress: (done: number, total: number) => void,
): Promise<Extract<OuterMessage, { kind: 'done' }>> {
  const worker = new Worker(new URL('./outer-layer.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<OuterMessage>) => {
      if (event.data.kind === 'progress') onProgress(event.data.done, event.data.total);
      else {
        worker.terminate();
        resolve(event.data);
      }
    };
    worker.onerror = (error) => {
      worker.terminate();
      reject(new Error(error.message));
    };
    worker.postMessage(job);
  });
}
