/**
 * Sharing the visit history with a health office (trust model 5): the offices come from the
 * public directory and are verified under the pinned root; the history of the last 28 days is
 * sealed on the device to the chosen office's key of today; the server answers a TAN.
 */
import { verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import { sealHistory } from '../../protocol/history.ts';
import { dayOf } from '../../protocol/time.ts';
import { generateTan, lookupHash, tanLookup } from '../../protocol/tan.ts';
import { ApiRequestError, call } from '../../client/api.ts';
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
 * Draws the TAN on the device, seals the history bound to it, and uploads it with the TAN's hash
 * only. A (vanishingly unlikely) TAN already in use is answered 409: draw again.
 */
export async function shareHistory(
  choice: OfficeChoice,
  stays: readonly Stay[],
  now = Date.now(),
): Promise<{ tan: string; expiresAt: number; visits: number }> {
  const key = await verifiedKeyForDay(PINNED_ROOT_PUBLIC_KEY, choice.entry, choice.office.officeId, dayOf(now), now);
  const visits = visitsOf(stays);
  for (let attempt = 1; ; attempt++) {
    const tan = generateTan();
    const ciphertext = await sealHistory(key, tan, visits, now);
    try {
      const { expiresAt } = await call(transferRoutes.create, {
        body: { officeId: key.officeId, officeKeyId: key.keyId, lookupHash: await lookupHash(tanLookup(tan)), ciphertext },
      });
      return { tan, expiresAt, visits: visits.length };
    } catch (error) {
      if (!(error instanceof ApiRequestError && error.status === 409) || attempt === 3) throw error;
    }
  }
}
