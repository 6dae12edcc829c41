/**
 * Opens the inner layers that venues released, off the main thread (10,000 check-ins take a few
 * seconds), with the office's daily keys, several at a time, posting progress at most every 50 ms
 * and once at the end. The private keys arrive as non-extractable CryptoKeys (structured clone),
 * so the worker can use them but never read them. Start it with inner-layer-client.ts.
 */
import { type InnerJob, type InnerMessage, decryptInnerLayers } from './inner-layer.ts';

export type { DecryptedContact, InnerJob, InnerKey, InnerMessage, InnerRelease } from './inner-layer.ts';

self.onmessage = async (event: MessageEvent<InnerJob>) => {
  try {
    const result = await decryptInnerLayers(event.data, {
      onProgress: (done, total) => self.postMessage({ kind: 'progress', done, total } satisfies InnerMessage),
    });
    self.postMessage(result satisfies InnerMessage);
  } catch (error) {
    // Only a malformed job gets here (each release's own failure is reported in `failed`).
    // Thrown outside the promise, it reaches the page as the worker's `error` event.
    setTimeout(() => {
      throw error;
    });
  }
};
