/**
 * The scheduled retention job (trust model 7): check-ins older than the retention period are
 * deleted for real, and so are the grants of the daily private keys of those days, the only
 * copies of those keys anywhere (protocol/office-keyring.ts): after this, a backup of released
 * inner layers or shared histories from those days cannot be opened by anyone. Keyed on the
 * day column so each step is one indexed range delete.
 */
import { lt } from 'drizzle-orm';
import { RETENTION_DAYS, addDays, dayOf } from '../protocol/time.ts';
import { database } from './db/client.ts';
import { authChallenges, checkIns, officeDailyKeys, officeKeyGrants, releasedCheckIns, sessions, transfers } from './db/schema.ts';

export async function purgeExpired(
  db: D1Database,
  nowMs: number,
): Promise<{ checkIns: number; dailyKeys: number; destroyedPrivateKeys: number; transfers: number }> {
  const cutoff = addDays(dayOf(nowMs), -RETENTION_DAYS);
  const orm = database(db);
  const deletedCheckIns = await orm.delete(checkIns).where(lt(checkIns.day, cutoff)).returning({ id: checkIns.id });
  // Public halves of expired daily keys are no longer needed by anyone.
  const deletedKeys = await orm.delete(officeDailyKeys).where(lt(officeDailyKeys.day, cutoff)).returning({ id: officeDailyKeys.keyId });
  // Destroy the daily private keys (the identity key's grant has no day and stays).
  const destroyed = await orm.delete(officeKeyGrants).where(lt(officeKeyGrants.day, cutoff)).returning({ keyId: officeKeyGrants.keyId });
  // Inner layers a venue released are check-in data too.
  await orm.delete(releasedCheckIns).where(lt(releasedCheckIns.day, cutoff));
  // Ended sessions and unused sign-in challenges are of no further use.
  await orm.delete(sessions).where(lt(sessions.expiresAt, nowMs));
  await orm.delete(authChallenges).where(lt(authChallenges.expiresAt, nowMs));
  // A TAN lives 24 hours; its ciphertext goes with it (well inside the 28-day promise).
  const deletedTransfers = await orm.delete(transfers).where(lt(transfers.expiresAt, nowMs)).returning({ id: transfers.id });
  return {
    checkIns: deletedCheckIns.length,
    dailyKeys: deletedKeys.length,
    destroyedPrivateKeys: destroyed.length,
    transfers: deletedTransfers.length,
  };
}
