/**
 * The health office's decrypt loop: opens the inner layers a venue released with the office's
 * daily private keys (PROTOCOL.md "Check-in"), several at a time, reporting progress. Pure logic
 * without a worker, so it runs in Node under test; inner-layer.worker.ts runs it off the main
 * thread and inner-layer-client.ts starts the workers, splitting a big job over several of them
 * with the helpers at the end of this file.
 */
import type { ReleasedCheckIn } from '../../protocol/api/office-cases.ts';
import { openInnerLayer } from '../../protocol/checkin.ts';
import type { ContactData } from '../../protocol/contact.ts';
import type { Companion } from '../../protocol/party.ts';
import { boundedMap } from '../../client/bounded-map.ts';

/** One daily key of the office. The private key is non-extractable and arrives by structured clone. */
export interface InnerKey {
  keyId: string;
  privateKey: CryptoKey;
  publicKey: Uint8Array;
}

/** One inner layer as the venue released it, with the context it was sealed under (as a case's detail lists it). */
export type InnerRelease = Omit<ReleasedCheckIn, 'requestId'>;

export interface InnerJob {
  keys: InnerKey[];
  releases: InnerRelease[];
}

export interface DecryptedContact {
  checkInId: string;
  venueId: string;
  contact: ContactData;
  /** Who came with the one who checked in (a group check-in); absent when they came alone. */
  companions?: Companion[];
  arrivedAt: number;
  areaId?: string;
  reference?: string;
  /** Sealed by a guest app (a scan or the "saved data" popup): the guest can be warned there. */
  app?: true;
  departureBucket: number | null;
}

export type InnerMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; contacts: DecryptedContact[]; failed: { checkInId: string; reason: 'no_key' | 'decryption_failed' }[] };

export type InnerResult = Extract<InnerMessage, { kind: 'done' }>;
export type InnerFailure = InnerResult['failed'][number];

/**
 * Inner layers in flight at once in one worker. Measured with `BENCH_OFFICE_SWEEP=1,4,16,32,64,128
 * npx tsx bench/office-decrypt.ts` in Chromium 156 on two cores: 1 to 32 in flight give the same
 * records/s (within noise), 128 is slower. Chromium does a worker's WebCrypto work on that worker's
 * own thread (its thread runs at 100 % CPU, the thread pool stays idle), so in-flight records only
 * hide the hops between one record's steps; what scales is the number of workers (workerCount).
 */
export const INNER_CONCURRENCY = 32;
/** A progress bar moves every 50 ms at most: smooth enough, and a handful of messages per second. */
export const PROGRESS_INTERVAL_MS = 50;
/** Upper bound on workers for one job, whatever the machine reports. */
export const MAX_WORKERS = 8;
/** Below this many releases per worker, starting another worker costs more than it saves. */
export const MIN_RELEASES_PER_WORKER = 500;

export interface DecryptOptions {
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  progressIntervalMs?: number;
  /** Clock in ms for tests. */
  now?: () => number;
}

/**
 * Opens every release with the key its `officeKeyId` names. A release never stops the run:
 * one without a matching key is `no_key`; one that does not open (altered bytes, another venue,
 * day or check-in id than it was sealed for, a malformed payload) is `decryption_failed`.
 * Contacts and failures keep the order of `job.releases`.
 */
export async function decryptInnerLayers(job: InnerJob, options: DecryptOptions = {}): Promise<InnerResult> {
  const keys = new Map(job.keys.map((key) => [key.keyId, key]));
  const outcomes = await boundedMap(
    job.releases,
    async (release): Promise<DecryptedContact | InnerFailure> => {
      const key = keys.get(release.officeKeyId);
      if (!key) return { checkInId: release.checkInId, reason: 'no_key' };
      try {
        const context = { id: release.checkInId, venueId: release.venueId, day: release.day, officeKeyId: release.officeKeyId };
        const opened = await openInnerLayer(key.privateKey, key.publicKey, context, release.inner);
        const contact: DecryptedContact = {
          checkInId: release.checkInId,
          venueId: release.venueId,
          contact: opened.contact,
          arrivedAt: opened.arrivedAt,
          departureBucket: release.departureBucket,
        };
        if (opened.companions !== undefined) contact.companions = opened.companions;
        if (opened.areaId !== undefined) contact.areaId = opened.areaId;
        if (opened.reference !== undefined) contact.reference = opened.reference;
        if (opened.app) contact.app = true;
        return contact;
      } catch {
        return { checkInId: release.checkInId, reason: 'decryption_failed' };
      }
    },
    {
      concurrency: options.concurrency ?? INNER_CONCURRENCY,
      onProgress: options.onProgress,
      progressIntervalMs: options.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
      now: options.now,
    },
  );
  const contacts: DecryptedContact[] = [];
  const failed: InnerFailure[] = [];
  for (const outcome of outcomes) {
    if ('reason' in outcome) failed.push(outcome);
    else contacts.push(outcome);
  }
  return { kind: 'done', contacts, failed };
}

/** Workers for a job of `releases`: one per core, at most MAX_WORKERS, none idle for a small job. */
export function workerCount(releases: number, cores: number): number {
  const usable = Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1;
  return Math.max(1, Math.min(MAX_WORKERS, usable, Math.ceil(releases / MIN_RELEASES_PER_WORKER)));
}

/** `parts` jobs over contiguous slices of the releases (sizes differ by at most one), each with all keys. */
export function splitJob(job: InnerJob, parts: number): InnerJob[] {
  const count = Math.max(1, Math.min(Math.floor(parts), job.releases.length || 1));
  const size = Math.floor(job.releases.length / count);
  const extra = job.releases.length % count;
  const jobs: InnerJob[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = start + size + (i < extra ? 1 : 0);
    jobs.push({ keys: job.keys, releases: job.releases.slice(start, end) });
    start = end;
  }
  return jobs;
}

/** The results of `splitJob`'s parts, in the same order, as one result in release order. */
export function mergeResults(results: readonly InnerResult[]): InnerResult {
  return { kind: 'done', contacts: results.flatMap((result) => result.contacts), failed: results.flatMap((result) => result.failed) };
}

/**
 * Sums the progress of several parts (with these `totals`) into one, for one progress bar: calls
 * `onProgress(done, total)` at most every `intervalMs`, but always for the first report and when
 * all are done, and never twice for the same count.
 */
export function progressCombiner(
  totals: readonly number[],
  onProgress: (done: number, total: number) => void,
  options: { intervalMs?: number; now?: () => number } = {},
): (part: number, done: number) => void {
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const now = options.now ?? (() => performance.now());
  const done = totals.map(() => 0);
  const total = totals.reduce((sum, value) => sum + value, 0);
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastDone = -1;
  return (part, partDone) => {
    if (part < 0 || part >= done.length) return;
    done[part] = partDone;
    const sum = done.reduce((acc, value) => acc + value, 0);
    if (sum === lastDone) return;
    const at = now();
    if (sum === total || at - lastAt >= interval) {
      lastAt = at;
      lastDone = sum;
      onProgress(sum, total);
    }
  };
}
