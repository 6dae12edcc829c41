/**
 * Opens the outer layers of a request's candidate check-ins off the main thread (a club night
 * can mean a thousand guests), reporting progress. The venue key arrives as a non-extractable
 * CryptoKey (structured clone), so the worker can use it but never read it.
 */
import type { CandidateCheckIn } from '../../protocol/api/venue-requests.ts';
import { openOuterLayer } from '../../protocol/checkin.ts';

export interface OuterJob {
  venueKey: CryptoKey;
  venuePublicKey: Uint8Array;
  venueId: string;
  /** The inbox's candidates, as far as opening them needs. */
  checkIns: Pick<CandidateCheckIn, 'id' | 'day' | 'officeKeyId' | 'ciphertext' | 'departureBucket'>[];
}

/** An opened outer layer: the stay, its inner layer (still sealed to the office), and how many came (a group's `party`). */
export interface OpenedOuter {
  id: string;
  arrivedAt: number;
  departedAt: number | null;
  inner: string;
  party?: number;
}

export type OuterMessage = { kind: 'progress'; done: number; total: number } | { kind: 'done'; opened: OpenedOuter[]; failed: number };

self.onmessage = async (event: MessageEvent<OuterJob>) => {
  const { venueKey, venuePublicKey, venueId, checkIns } = event.data;
  const opened: OpenedOuter[] = [];
  let failed = 0;
  for (let i = 0; i < checkIns.length; i++) {
    const row = checkIns[i];
    if (!row) continue;
    try {
      const outer = await openOuterLayer(
        venueKey,
        venuePublicKey,
        { id: row.id, venueId, day: row.day, officeKeyId: row.officeKeyId },
        row.ciphertext,
      );
      const entry: OpenedOuter = { id: row.id, arrivedAt: outer.arrivedAt, departedAt: row.departureBucket, inner: outer.inner };
      if (outer.party !== undefined) entry.party = outer.party;
      opened.push(entry);
    } catch {
      failed++; // not ours to open (or damaged): never released
    }
    if (i % 25 === 0 || i === checkIns.length - 1)
      self.postMessage({ kind: 'progress', done: i + 1, total: checkIns.length } satisfies OuterMessage);
  }
  self.postMessage({ kind: 'done', opened, failed } satisfies OuterMessage);
};
