/**
 * Sharing the visit history with a health office (trust model 5): the offices come from the
 * public directory and are verified under the pinned root; the history of the last 28 days is
 * sealed on the device to the chosen office's key of today; the server answers the TAN's lookup part.
 */
import { verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import { sealHistory } from '../../protocol/history.ts';
import { dayOf } from '../../protocol/time.ts';
import { generateTanSecret, tanFromParts } from '../../protocol/tan.ts';
import { call } from '../../client/api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { type Stay } from './guest-store.ts';
import { type OfficeChoice, verifiedOffices } from './office-directory.ts';
import { visitsOf } from './shared-visits.ts';
import { transferRoutes } from '../../protocol/api/transfers.ts';
import { directoryRoutes } from '../../protocol/api/directory.ts';

/** The directory's offices that verify under the pinned root. */
export async function loadOffices(now = Date.now()): Promise<OfficeChoice[]> {
  const { offices } = await call(directoryRoutes.offices, {});
  return verifiedOffices(offices, PINNED_ROOT_PUBLIC_KEY, now);
}

/**
 * Draws the TAN's secret part on the device, seals the history bound to it, uploads it, and
 * completes the TAN with the lookup part the server drew (protocol/tan.ts): the secret never
 * leaves the device, and the device never chooses a lookup.
 */
export async function shareHistory(
  choice: OfficeChoice,
  stays: readonly Stay[],
  now = Date.now(),
): Promise<{ tan: string; expiresAt: number; visits: number }> {
  const key = await verifiedKeyForDay(PINNED_ROOT_PUBLIC_KEY, choice.entry, choice.office.officeId, dayOf(now), now);
  const visits = visitsOf(stays);
  const secret = generateTanSecret();
  const ciphertext = await sealHistory(key, secret, visits, now);
  const { lookup, expiresAt } = await call(transferRoutes.create, {
    body: { officeId: key.officeId, officeKeyId: key.keyId, ciphertext },
  });
  return { tan: tanFromParts(lookup, secret), expiresAt, visits: visits.length };
}
