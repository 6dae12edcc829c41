/**
 * Rows for provisioned offices and venues, and takeover codes for venues whose keys the
 * deployment holds. The local demo seed (scripts/local-server.ts) and the Worker tests insert
 * exactly these, so the tests exercise the data the demo serves.
 */
import type { DailyKey, OfficeCertificate } from '../../protocol/hierarchy.ts';
import type { VenuePrivateKeys } from '../../protocol/recovery-kit.ts';
import { DAY_MS } from '../../protocol/time.ts';
import { claimCodeHash, sealClaimBundle } from '../../protocol/venue-claim.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import { venueCodeLookup } from '../../protocol/venue-code.ts';

export interface SeedRows {
  offices: { id: string; name: string; certificate: OfficeCertificate; createdAt: number }[];
  officeDailyKeys: { keyId: string; officeId: string; day: string; record: DailyKey }[];
  venues: { id: string; officeId: string; code: string; card: VenueCard; createdAt: number; status: 'live'; liveAt: number }[];
}

export function seedRows(
  officesToSeed: readonly { certificate: OfficeCertificate; dailyKeys: readonly DailyKey[] }[],
  venuesToSeed: readonly VenueCard[],
  nowMs: number,
): SeedRows {
  return {
    offices: officesToSeed.map(({ certificate }) => ({ id: certificate.officeId, name: certificate.name, certificate, createdAt: nowMs })),
    officeDailyKeys: officesToSeed.flatMap(({ dailyKeys }) =>
      dailyKeys.map((key) => ({ keyId: key.keyId, officeId: key.officeId, day: key.day, record: key })),
    ),
    venues: venuesToSeed.map((card) => ({
      id: card.venueId,
      officeId: card.officeId,
      code: venueCodeLookup(card.venueId),
      card,
      createdAt: nowMs,
      status: 'live',
      liveAt: nowMs,
    })),
  };
}

/** A takeover code's row: the code's hash and the venue's keys sealed under the code (protocol/venue-claim.ts). */
export interface ClaimCodeRow {
  codeHash: string;
  venueId: string;
  bundle: string;
  createdAt: number;
  expiresAt: number;
}

export async function claimCodeRow(
  code: string,
  venueId: string,
  keys: VenuePrivateKeys,
  nowMs: number,
  validDays: number,
): Promise<ClaimCodeRow> {
  return {
    codeHash: await claimCodeHash(code),
    venueId,
    bundle: await sealClaimBundle(code, venueId, keys),
    createdAt: nowMs,
    expiresAt: nowMs + validDays * DAY_MS,
  };
}
