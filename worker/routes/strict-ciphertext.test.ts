/**
 * Strict ciphertext at the Worker (protocol/sealed-size.ts): a check-in or a shared history whose
 * ciphertext is not an envelope an honest client makes is refused with 400 and nothing is stored.
 * The attack run stored a check-in whose ciphertext was 101 times "A" with 201.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import { sealHistory } from '../../protocol/history.ts';
import { newId } from '../../protocol/ids.ts';
import { generateTanSecret } from '../../protocol/tan.ts';
import { dayOf } from '../../protocol/time.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type World, countCheckIns, createWorld, sealFor } from '../test/world.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

/** Spellings of ciphertext no honest client makes, derived from an honest one. */
function dishonestVariants(honest: string): fc.Arbitrary<string> {
  const bytes = fromBase64Url(honest);
  return fc.oneof(
    fc.constant('A'.repeat(101)),
    fc.constant('A'.repeat(500)),
    // A block short or one byte long: a length the padding never produces.
    fc
      .integer({ min: 1, max: 300 })
      .filter((cut) => cut % 256 !== 0)
      .map((cut) => toBase64Url(bytes.slice(0, bytes.length - cut))),
    fc.uint8Array({ minLength: 1, maxLength: 40 }).map((extra) => toBase64Url(new Uint8Array([...bytes, ...extra]))),
    // The same bytes, spelled with padding or the standard alphabet; not base64url at all.
    fc.constant(`${honest}==`),
    fc.constant(honest.replace(/-/g, '+').replace(/_/g, '/')),
    fc.constant(`${honest.slice(0, -4)}****`),
    // Another envelope version.
    fc.constant(toBase64Url(Uint8Array.from(bytes, (byte, index) => (index === 0 ? 2 : byte)))),
  );
}

function post(path: string, body: unknown) {
  return request('POST', path, { body, client: freshClient() });
}

describe('strict ciphertext', () => {
  it('refuses a check-in whose ciphertext no honest client makes, and stores nothing', async () => {
    const sealed = await sealFor(world, world.venue);
    const { checkoutSecret: _kept, ...honest } = sealed;
    const before = await countCheckIns();
    await fc.assert(
      fc.asyncProperty(dishonestVariants(honest.ciphertext), async (ciphertext) => {
        fc.pre(ciphertext !== honest.ciphertext);
        const response = await post('/api/checkins', { ...honest, id: newId(), ciphertext });
        expect(response.status).toBe(400);
        await expectRefusal(response, ciphertext.slice(0, 40));
      }),
      { numRuns: 60 },
    );
    expect(await countCheckIns()).toBe(before);
    // The honest one is stored.
    expect((await post('/api/checkins', honest)).status).toBe(201);
  });

  it('refuses a shared history whose ciphertext no honest client makes, and stores nothing', async () => {
    const key = await verifiedKeyForDay(
      world.rootPublic,
      { certificate: world.office.certificate, dailyKeys: world.office.dailyKeys.map((k) => k.key) },
      world.office.certificate.officeId,
      dayOf(Date.now()),
      Date.now(),
    );
    const ciphertext = await sealHistory(key, generateTanSecret(), [], Date.now());
    const count = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM transfers').first<{ n: number }>())?.n;
    const before = await count();
    await fc.assert(
      fc.asyncProperty(dishonestVariants(ciphertext), async (variant) => {
        fc.pre(variant !== ciphertext);
        const response = await post('/api/transfers', { officeId: key.officeId, officeKeyId: key.keyId, ciphertext: variant });
        expect(response.status).toBe(400);
      }),
      { numRuns: 30 },
    );
    expect(await count()).toBe(before);
    expect((await post('/api/transfers', { officeId: key.officeId, officeKeyId: key.keyId, ciphertext })).status).toBe(201);
  });
});
