import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../protocol/bytes.ts';
import { verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import { type Visit, openHistory, sealHistory } from '../../protocol/history.ts';
import { importPrivateJwk } from '../../protocol/keys.ts';
import { generateTan, generateTanSecret, lookupHash, parseTan, tanFromParts, tanLookup } from '../../protocol/tan.ts';
import { dayOf } from '../../protocol/time.ts';
import { MAX_LOOKUP_DRAWS, insertUnderFreshLookup } from './transfers.ts';
import { database } from '../db/client.ts';
import { signedInOperator } from '../test/accounts.ts';
import { type TestStaff, auditBy, staffOf } from '../test/office.ts';
import { newId } from '../../protocol/ids.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { type World, createWorld } from '../test/world.ts';
import { request } from '../test/http.ts';

let world: World;
let staff: TestStaff;
let otherStaff: TestStaff;
let client = 0;
beforeAll(async () => {
  world = await createWorld();
  staff = await staffOf(world.office);
  otherStaff = await staffOf(world.otherOffice);
});

/** Each test its own client address, so that one test's attempts do not spend another's budget. */
function post(path: string, body: unknown, ip = `203.0.113.${++client}`, cookie?: string) {
  return request('POST', path, { body, client: ip, cookie });
}

/**
 * Redeeming is for signed-in office staff, for their own office, signed into the audit chain for a
 * case. The office's browser sends the lookup part of the TAN only (as web/health/case-service.ts).
 */
async function redeemLookup(lookup: string, staff: TestStaff, ip = `203.0.113.${++client}`, caseId = newId()) {
  return post('/api/transfers/redeem', { lookup, caseId, audit: await auditBy(staff, { kind: 'tan_redeemed', caseId }) }, ip, staff.cookie);
}

function redeem(tan: string, staff: TestStaff, ip?: string, caseId?: string) {
  return redeemLookup(tanLookup(tan), staff, ip, caseId);
}

const visits: Visit[] = [
  {
    checkInId: 'AAAAAAAAAAAAAAAAAAAAAA',
    venueId: 'BBBBBBBBBBBBBBBBBBBBBB',
    officeId: 'CCCCCCCCCCCCCCCCCCCCCC',
    venueName: 'Zur Linde',
    venueAddress: 'Torstraße 1, 10115 Berlin',
    arrivedAt: Date.now() - 3_600_000,
  },
];

/** Shares as the guest app does: secret drawn on the device, history bound to it, lookup drawn by the server. */
async function share() {
  const today = dayOf(Date.now());
  const key = await verifiedKeyForDay(
    world.rootPublic,
    { certificate: world.office.certificate, dailyKeys: world.office.dailyKeys.map((k) => k.key) },
    world.office.certificate.officeId,
    today,
    Date.now(),
  );
  const secret = generateTanSecret();
  const ciphertext = await sealHistory(key, secret, visits, Date.now());
  const body = { officeId: key.officeId, officeKeyId: key.keyId, ciphertext };
  const response = await post('/api/transfers', body);
  expect(response.status).toBe(201);
  const answer = await response.json<{ lookup: string; expiresAt: number }>();
  return { ...answer, tan: tanFromParts(answer.lookup, secret), secret, key, ciphertext, body };
}

describe('history transfer by TAN', () => {
  it('limits how many histories one client can store', async () => {
    const ip = '2001:db8:1:2:aaaa::1';
    const statuses: number[] = [];
    // Rotating the address inside the same /64 does not buy a new budget. (Fixed 60 s windows:
    // flood until cut off, wherever the boundary falls.)
    while (statuses.length < 20 && statuses.at(-1) !== 429)
      statuses.push((await post('/api/transfers', {}, ip.replace('aaaa', (0xaaaa + statuses.length).toString(16)))).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
  });

  it('gives the office the sealed history for the TAN, which its key opens to the same visits', async () => {
    const { tan, expiresAt, key, body: uploaded } = await share();
    expect(parseTan(tan)).toBe(tan);
    // The same upload again is another transfer under another lookup the server drew: nothing is
    // refused for a lookup in use, so no upload tells whether one exists.
    const again = await post('/api/transfers', uploaded);
    expect(again.status).toBe(201);
    expect((await again.json<{ lookup: string }>()).lookup).not.toBe(tanLookup(tan));
    expect(expiresAt - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const stored = await env.DB.prepare('SELECT * FROM transfers').all();
    expect(JSON.stringify(stored.results)).not.toContain(tanLookup(tan));
    expect(JSON.stringify(stored.results)).not.toContain(tan.slice(6, 11));

    const response = await redeemLookup(
      tanLookup(tan)
        .toLowerCase()
        .replace(/(.{3})/, '$1 '),
      staff,
    );
    expect(response.status).toBe(200);
    const body = await response.json<{ ciphertext: string; officeKeyId: string }>();
    const entry = world.office.dailyKeys.find((k) => k.key.keyId === body.officeKeyId);
    if (!entry) throw new Error('unknown key');
    const history = await openHistory(
      await importPrivateJwk(entry.privateJwk, 'encryption'),
      fromBase64Url(entry.key.publicKey),
      { officeId: key.officeId, officeKeyId: key.keyId, tan },
      body.ciphertext,
    );
    expect(history.visits).toEqual(visits);
  });

  it('refuses a wrong TAN, a malformed lookup, a whole TAN and an expired TAN with clear codes', async () => {
    const { tan } = await share();
    const ip = '203.0.113.200';
    const unknown = await redeem(generateTan(), staff, ip);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_tan' } });
    const malformed = await redeemLookup('ABCDU!', staff, ip);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'bad_tan' } });
    // The whole TAN is refused: an office app that sent the secret part would be told so at once.
    const whole = await redeemLookup(tan, staff, ip);
    expect(whole.status).toBe(400);
    expect(await whole.json()).toMatchObject({ error: { code: 'bad_tan' } });

    await env.DB.prepare('UPDATE transfers SET expires_at = ?')
      .bind(Date.now() - 1)
      .run();
    const expired = await redeem(tan, staff, ip);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: { code: 'tan_expired' } });
  });

  it('answers another office’s employee exactly like an unknown TAN, however often, and the right office still redeems it', async () => {
    const { tan } = await share();
    const row = async () =>
      env.DB.prepare('SELECT * FROM transfers WHERE tan_hash = ?')
        .bind(await lookupHash(tanLookup(tan)))
        .first();
    const before = await row();
    const unknownAnswer = async (who: TestStaff) => {
      const response = await redeem(generateTan(), who);
      return { status: response.status, body: await response.json() };
    };
    // Two employees of the other office, each until their own TAN budget is spent.
    for (const foreign of [otherStaff, await staffOf(world.otherOffice)]) {
      const expected = await unknownAnswer(foreign);
      expect(expected.status).toBe(404);
      let statuses = 0;
      for (;;) {
        const response = await redeem(tan, foreign);
        if (response.status === 429) break;
        expect({ status: response.status, body: await response.json() }).toEqual(expected);
        statuses++;
      }
      expect(statuses).toBeGreaterThan(3);
    }
    expect(await row()).toEqual(before);
    expect((await redeem(tan, staff)).status).toBe(200);
  });

  it('tells nobody without the right office’s session whether a TAN exists', async () => {
    const { tan } = await share();
    const operator = await signedInOperator();
    const pending = await staffOf(world.office, { status: 'pending' });
    const attempt = async (lookup: string, cookie?: string) => {
      const response = await post(
        '/api/transfers/redeem',
        { lookup, caseId: newId(), audit: await auditBy(staff, { kind: 'tan_redeemed', caseId: newId() }) },
        undefined,
        cookie,
      );
      return { status: response.status, body: await response.json() };
    };
    for (const cookie of [undefined, operator.cookie, pending.cookie]) {
      const real = await attempt(tanLookup(tan), cookie);
      expect(real.status).toBeGreaterThanOrEqual(401);
      expect(real.status).toBeLessThanOrEqual(403);
      expect(real).toEqual(await attempt(tanLookup(generateTan()), cookie));
    }
    // The upload takes no lookup (nor its hash) at all: a client cannot pick one to test it.
    const { body } = await share();
    const chosen = await post('/api/transfers', { ...body, lookupHash: await lookupHash(tanLookup(tan)) });
    expect(chosen.status).toBe(400);
    expect(await chosen.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('draws again on a colliding lookup and never overwrites the transfer stored under it', async () => {
    const { tan } = await share();
    const taken = tanLookup(tan);
    const row = async (lookup: string) =>
      env.DB.prepare('SELECT * FROM transfers WHERE tan_hash = ?')
        .bind(await lookupHash(lookup))
        .first();
    const before = await row(taken);
    const fresh = {
      officeId: staff.officeId,
      officeKeyId: newId(),
      ciphertext: 'AAAA',
      createdAt: Date.now(),
      expiresAt: Date.now() + 1000,
    };
    const draws = [taken, taken, 'FRESH1'];
    expect(await insertUnderFreshLookup(database(env.DB), { id: newId(), ...fresh }, () => draws.shift() ?? 'NEVER0')).toBe('FRESH1');
    expect(await row(taken)).toEqual(before);
    expect(await row('FRESH1')).toMatchObject({ office_key_id: fresh.officeKeyId });
    // Every draw taken: nothing is stored and nothing overwritten.
    await expect(insertUnderFreshLookup(database(env.DB), { id: newId(), ...fresh }, () => taken)).rejects.toThrow(
      `${MAX_LOOKUP_DRAWS} draws`,
    );
    expect(await row(taken)).toEqual(before);
  });

  it('records each redemption in the audit chain, and opens no second case from one TAN', async () => {
    const { tan } = await share();
    const caseId = newId();
    expect((await redeem(tan, staff, undefined, caseId)).status).toBe(200);
    const entry = await env.DB.prepare("SELECT json_extract(entry, '$.kind') AS kind FROM audit_log WHERE case_id = ?")
      .bind(caseId)
      .first();
    expect(entry).toEqual({ kind: 'tan_redeemed' });
    // Once a case rests on the TAN, another redemption for another case is refused.
    await env.DB.prepare(
      "INSERT INTO cases (id, office_id, reference, visits, status, created_by, created_at) VALUES (?, ?, 'GA-1', '[]', 'open', ?, ?)",
    )
      .bind(caseId, staff.officeId, staff.accountId, Date.now())
      .run();
    expect(await (await redeem(tan, staff)).json()).toMatchObject({ error: { code: 'case_exists' } });
    // An unsigned (or foreign-signed) redemption is refused and changes nothing.
    const forged = await post(
      '/api/transfers/redeem',
      { lookup: tanLookup(tan), caseId: newId(), audit: await auditBy(otherStaff, { kind: 'tan_redeemed', caseId: newId() }) },
      undefined,
      staff.cookie,
    );
    expect(forged.status).toBe(422);
  });

  it('is only for signed-in office staff', async () => {
    const { tan } = await share();
    const anonymous = await post('/api/transfers/redeem', {
      lookup: tanLookup(tan),
      caseId: newId(),
      audit: await auditBy(staff, { kind: 'tan_redeemed', caseId: newId() }),
    });
    expect(anonymous.status).toBe(401);
    expect(
      await env.DB.prepare('SELECT redeemed_at FROM transfers WHERE tan_hash = ?')
        .bind(await lookupHash(tanLookup(tan)))
        .first(),
    ).toEqual({ redeemed_at: null });
  });

  it('cuts off repeated guessing by one employee, and says when to try again', async () => {
    const guesser = await staffOf(world.office);
    const ip = '198.51.100.66';
    const responses: Response[] = [];
    while (responses.length < 40 && responses.at(-1)?.status !== 429) responses.push(await redeem(generateTan(), guesser, ip));
    expect(responses.map((response) => response.status).slice(0, 10)).toEqual(Array(10).fill(404));
    const limited = responses.at(-1);
    expect(limited?.status).toBe(429);
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Even the right TAN is refused to that employee, from any address, until the window passes …
    const { tan } = await share();
    expect((await redeem(tan, guesser, '198.51.100.67')).status).toBe(429);
    // … while a colleague at the same address keeps their own budget.
    expect((await redeem(tan, staff, ip)).status).toBe(200);
  });

  it('lets no anonymous traffic from an address spend an employee’s TAN budget there', async () => {
    const ip = '198.51.100.88';
    const employee = await staffOf(world.office);
    const anonymous: number[] = [];
    for (let i = 0; i < 15; i++)
      anonymous.push(
        (
          await post(
            '/api/transfers/redeem',
            { lookup: tanLookup(generateTan()), caseId: newId(), audit: await auditBy(staff, { kind: 'tan_redeemed', caseId: newId() }) },
            ip,
          )
        ).status,
      );
    expect(anonymous).toEqual(Array(15).fill(401));
    const { tan } = await share();
    expect((await redeem(tan, employee, ip)).status).toBe(200);
  });

  it('refuses a history encrypted to another office’s key or to an old key, and stores nothing', async () => {
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM transfers').first<{ n: number }>();
    const { key, ciphertext, body } = await share();
    const otherKey = world.otherOffice.dailyKeys[1]?.key.keyId;
    const old = world.office.dailyKeys[0]?.key.keyId;
    for (const [officeKeyId, code] of [
      [otherKey, 'wrong_office_key'],
      [old, 'stale_office_key'],
    ] as const) {
      const response = await post('/api/transfers', { ...body, officeKeyId });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
    const bad = await post('/api/transfers', {
      officeId: key.officeId,
      officeKeyId: key.keyId,
      ciphertext,
      extra: true,
    });
    expect(bad.status).toBe(400);
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM transfers').first<{ n: number }>();
    expect(after?.n).toBe((before?.n ?? 0) + 1);
  });

  it('never answers 500 to arbitrary JSON, and stores nothing from it', async () => {
    const { body: shared } = await share();
    // The unchanged body would be a valid new transfer (excluded below).
    const valid: Record<string, unknown> = { ...shared };
    const count = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM transfers').first<{ n: number }>())?.n;
    const before = await count();
    const mutated = fc.record(
      Object.fromEntries(Object.keys(valid).map((key) => [key, fc.oneof(fc.constant(valid[key]), fc.jsonValue())])),
      { requiredKeys: [] },
    );
    const withExtra = fc.record({ extra: fc.jsonValue() }).map((extra) => ({ ...valid, ...extra }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, withExtra, fc.jsonValue()), async (body) => {
        fc.pre(JSON.stringify(body) !== JSON.stringify(valid));
        await expectRefusal(await post('/api/transfers', body, freshClient()), JSON.stringify(body).slice(0, 300));
      }),
      { numRuns: 120 },
    );
    expect(await count()).toBe(before);
  }, 30_000);
});
