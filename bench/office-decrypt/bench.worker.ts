/**
 * The bench page's measuring worker: the raw ECDH P-256 derive rate, and the inner decrypt loop
 * timed from inside a worker (for the in-flight sweep). Times are absolute (timeOrigin + now), so
 * the page can take the span over several workers running at once.
 */
import { type InnerJob, decryptInnerLayers } from '../../web/health/inner-layer.ts';
import { boundedMap } from '../../client/bounded-map.ts';

export type BenchRequest = { kind: 'ecdh'; derives: number; concurrency: number } | { kind: 'inner'; job: InnerJob; concurrency: number };

export interface BenchReply {
  start: number;
  end: number;
  ok: number;
}

const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;
const clock = () => performance.timeOrigin + performance.now();

async function ecdh(derives: number, concurrency: number): Promise<BenchReply> {
  const own = await crypto.subtle.generateKey(P256, false, ['deriveBits']);
  // Distinct peers, as every check-in has its own ephemeral key; made before the clock starts.
  const peers = await Promise.all(
    Array.from({ length: 64 }, async () => (await crypto.subtle.generateKey(P256, true, ['deriveBits'])).publicKey),
  );
  const indices = Array.from({ length: derives }, (_, i) => i);
  const start = clock();
  await boundedMap(
    indices,
    (i) => crypto.subtle.deriveBits({ name: 'ECDH', public: peers[i % peers.length] as CryptoKey }, own.privateKey, 256),
    { concurrency },
  );
  return { start, end: clock(), ok: derives };
}

async function inner(job: InnerJob, concurrency: number): Promise<BenchReply> {
  const start = clock();
  const result = await decryptInnerLayers(job, { concurrency });
  return { start, end: clock(), ok: result.contacts.length };
}

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  const request = event.data;
  self.postMessage(
    request.kind === 'ecdh' ? await ecdh(request.derives, request.concurrency) : await inner(request.job, request.concurrency),
  );
};
