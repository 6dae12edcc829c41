import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_DAYS, addDays, dayOf, floorToBucket, startOfDay } from '../protocol/time.ts';
import { purgeExpired } from './retention.ts';
import { type World, createWorld, sealFor } from './test/world.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

async function insertCheckInOn(day: string) {
  const sealed = await sealFor(world, world.venue, startOfDay(day) + 12 * 3_600_000);
  await env.DB.prepare(
    'INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, ciphertext, checkout_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      sealed.id,
      sealed.venueId,
      sealed.officeKeyId,
      sealed.day,
      floorToBucket(sealed.arrivalBucket),
      sealed.ciphertext,
      sealed.checkoutHash,
    )
    .run();
  return sealed.id;
}

describe('retention job', () => {
  it(`deletes check-ins older than ${RETENTION_DAYS} days and keeps the rest`, async () => {
    const today = dayOf(Date.now());
    const expired = await insertCheckInOn(addDays(today, -RETENTION_DAYS - 1));
    const kept = await insertCheckInOn(addDays(today, -RETENTION_DAYS));
    const result = await purgeExpired(env.DB, Date.now());
    expect(result.checkIns).toBe(1);
    const ids = (await env.DB.prepare('SELECT id FROM checkins').all<{ id: string }>()).results.map((row) => row.id);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(expired);
    expect(result.dailyKeys).toBeGreaterThan(0);
    const oldKeys = await env.DB.prepare('SELECT COUNT(*) AS n FROM office_daily_keys WHERE day < ?')
      .bind(addDays(today, -RETENTION_DAYS))
      .first<{ n: number }>();
    expect(oldKeys?.n).toBe(0);
  });
});
