/**
 * The retention job on the running server (trust model 7, issue 15 point 7): the shared
 * `wrangler dev` is filled with rows of 29 and 28 days ago (check-ins, released inner layers,
 * daily keys and their grants, transfers, cases with their requests and contact statuses), the
 * job is triggered over HTTP as an operator triggers it locally (`GET /__scheduled`, which
 * `wrangler dev --test-scheduled` answers once the Worker's scheduled handler has finished), and
 * the 29-day-old rows are gone while the 28-day-old ones stay. The office app in Chromium then no
 * longer receives the destroyed day's key, and an inner layer of that day restored from a backup
 * stays unreadable in it, while the kept day's contact opens.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url, randomBytes, toBase64Url } from '../protocol/bytes.ts';
import { openOuterLayer, sealCheckIn } from '../protocol/checkin.ts';
import type { ContactData } from '../protocol/contact.ts';
import { signDataRequest } from '../protocol/data-request.ts';
import type { DailyKey } from '../protocol/hierarchy.ts';
import { newId } from '../protocol/ids.ts';
import { importPrivateJwk } from '../protocol/keys.ts';
import { sealKeyGrant } from '../protocol/office-keyring.ts';
import { type DailyKeyWithPrivate, certifyEmployee, createDailyKeys } from '../protocol/provisioning.ts';
import { CLOSED_CASE_RETENTION_DAYS, RETENTION_DAYS } from '../protocol/retention.ts';
import { DAY_MS, HOUR_MS, addDays, dayOf, floorToBucket, startOfDay } from '../protocol/time.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { healthMessages } from '../web/health/messages.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { sampleContact } from './support/guest.ts';
import { joinDemoOffice } from './support/office.ts';
import { addAuthenticator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
const t = healthMessages.de;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

const sql = (value: string | number | null) =>
  value === null ? 'NULL' : typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
const row = (values: (string | number | null)[]) => `(${values.map(sql).join(', ')})`;

/**
 * The key of `day`: the demo world's if it still holds one (its file keeps 28 days back), else a
 * new one signed by the office. A key of that day the world does not know can only be one an
 * earlier attempt of this test left before it reached the purge: it is replaced.
 */
async function keyFor(world: DemoWorld, day: string): Promise<DailyKeyWithPrivate> {
  const known = world.office.dailyKeys.find((entry) => entry.key.day === day);
  if (known) return known;
  const where = `office_id = ${sql(world.office.certificate.officeId)} AND day = ${sql(day)}`;
  query(persistTo, `DELETE FROM office_key_grants WHERE ${where}; DELETE FROM office_daily_keys WHERE ${where};`);
  const [made] = await createDailyKeys(world.office, day, 1);
  if (!made) throw new Error('no key made');
  return made;
}

/** A guest's check-in on `day` at the demo café, sealed as the guest app seals it, and its inner layer as the venue would release it. */
async function checkInOn(world: DemoWorld, day: string, key: DailyKey, contact: ContactData) {
  const venue = world.venue.card;
  const officeKey = { officeId: key.officeId, day: key.day, keyId: key.keyId, publicKey: fromBase64Url(key.publicKey) };
  const sealed = await sealCheckIn({
    contact,
    venueId: venue.venueId,
    venueKey: fromBase64Url(venue.encryptionKey),
    officeKey,
    arrivedAt: startOfDay(day) + 12 * HOUR_MS,
  });
  const outer = await openOuterLayer(
    await importPrivateJwk(world.venue.encryptionPrivateJwk, 'encryption'),
    fromBase64Url(venue.encryptionKey),
    sealed,
    sealed.ciphertext,
  );
  return { sealed, inner: outer.inner };
}

/** What the office app fetched from the keyring when `page` loaded `url`: the key ids of its grants. */
async function grantsSeenBy(page: Page, url: string): Promise<string[]> {
  // A fresh load: moving between the app's hash routes would not unlock (and fetch) again.
  await page.goto('about:blank');
  const keyring = page.waitForResponse((response) => response.url().endsWith('/api/office/keys/keyring'));
  await page.goto(url);
  const body: unknown = await (await keyring).json();
  if (typeof body !== 'object' || body === null || !('grants' in body) || !Array.isArray(body.grants)) throw new Error('no keyring');
  return body.grants.map((grant: unknown) => (typeof grant === 'object' && grant !== null && 'keyId' in grant ? String(grant.keyId) : ''));
}

describe('retention on the running server', () => {
  // A browser journey with a dozen wrangler calls: more than the project's 60 s on a busy machine.
  it(
    'purges what is 29 days old when triggered over HTTP, keeps what is 28, and the office app cannot unseal the destroyed day',
    { timeout: 180_000 },
    async () => {
      const world = await loadDemoWorld();
      const officeId = world.office.certificate.officeId;
      const venueId = world.venue.card.venueId;
      const now = Date.now();
      const today = dayOf(now);
      const expiredDay = addDays(today, -(RETENTION_DAYS + 1));
      const keptDay = addDays(today, -RETENTION_DAYS);

      // An admin of the demo office in Chromium (a passkey, the office's keys on this device).
      const office = await (await browser.newContext({ locale: 'de-DE' })).newPage();
      await addAuthenticator(office);
      // A name of its own: a retried attempt joins again and must find this admin, not the last one.
      const adminName = `Dr. Rita Retention ${newId().slice(0, 6)}`;
      await joinDemoOffice(office, origin, persistTo, world, adminName);
      const [admin] = query<{ account_id: string; device_key: string }>(
        persistTo,
        `SELECT e.account_id, e.device_key FROM office_employees e JOIN accounts a ON a.id = e.account_id WHERE a.display_name = ${sql(adminName)} AND e.status = 'active'`,
      );
      if (!admin) throw new Error('admin not admitted');

      // Both days' keys, published and granted to the admin's device as an admin's browser does.
      const keys = { expired: await keyFor(world, expiredDay), kept: await keyFor(world, keptDay) };
      const grants: Record<'expired' | 'kept', string> = { expired: '', kept: '' };
      for (const [name, { key, privateJwk }] of Object.entries(keys) as ['expired' | 'kept', DailyKeyWithPrivate][]) {
        grants[name] = await sealKeyGrant(
          fromBase64Url(admin.device_key),
          { officeId, accountId: admin.account_id, keyId: key.keyId },
          privateJwk,
        );
        query(
          persistTo,
          `INSERT OR IGNORE INTO office_daily_keys (key_id, office_id, day, record) VALUES ${row([key.keyId, officeId, key.day, JSON.stringify(key)])};
         INSERT OR REPLACE INTO office_key_grants (account_id, key_id, office_id, day, sealed) VALUES ${row([admin.account_id, key.keyId, officeId, key.day, grants[name]])};`,
        );
      }

      // A check-in on each day, released for a case the office still works on (opened today).
      const visits = {
        expired: await checkInOn(world, expiredDay, keys.expired.key, { ...sampleContact, firstName: 'Alma', lastName: 'Abgelaufen' }),
        kept: await checkInOn(world, keptDay, keys.kept.key, { ...sampleContact, firstName: 'Bruno', lastName: 'Behalten' }),
      };
      const employee = await certifyEmployee(world.office, { name: 'Dr. Rita Retention', notBefore: now - DAY_MS, validDays: 30 });
      const workedCase = newId();
      const requests = { expired: newId(), kept: newId() };
      const statements = [
        `INSERT INTO cases (id, office_id, reference, visits, status, created_by, created_at) VALUES ${row([workedCase, officeId, 'GA-RET-1', '[]', 'open', admin.account_id, now])};`,
      ];
      for (const name of ['expired', 'kept'] as const) {
        const { sealed, inner } = visits[name];
        const noon = startOfDay(sealed.day) + 12 * HOUR_MS;
        const request = await signDataRequest(employee.signingKey, employee.certificate, {
          requestId: requests[name],
          caseId: workedCase,
          caseReference: 'GA-RET-1',
          venueId,
          from: noon - HOUR_MS,
          to: noon + HOUR_MS,
          basis: 'other',
          reason: 'Retention check on the running server.',
          createdAt: now,
        });
        statements.push(
          `INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, ciphertext, checkout_hash) VALUES ${row([sealed.id, venueId, sealed.officeKeyId, sealed.day, floorToBucket(sealed.arrivalBucket), sealed.ciphertext, sealed.checkoutHash])};`,
          `INSERT INTO data_requests (id, office_id, venue_id, case_id, request, window_from, window_to, status, answered_at, released_count, created_at) VALUES ${row([request.requestId, officeId, venueId, workedCase, JSON.stringify(request), request.from, request.to, 'approved', now, 1, now])};`,
          `INSERT INTO released_checkins (request_id, checkin_id, day, office_key_id, departure_bucket, inner) VALUES ${row([request.requestId, sealed.id, sealed.day, sealed.officeKeyId, null, inner])};`,
          `INSERT INTO case_contacts (case_id, checkin_id, status, updated_at) VALUES ${row([workedCase, sealed.id, 'to_call', now])};`,
        );
      }
      // Closed cases whose last step was 29 and 27 days ago, and transfers whose TAN ran out 28 days ago or runs for another day.
      const closedCases = { expired: newId(), kept: newId() };
      const closedAgo = { expired: CLOSED_CASE_RETENTION_DAYS + 1, kept: CLOSED_CASE_RETENTION_DAYS - 1 };
      for (const name of ['expired', 'kept'] as const)
        statements.push(
          `INSERT INTO cases (id, office_id, reference, visits, status, created_by, created_at, closed_at) VALUES ${row([closedCases[name], officeId, `GA-RET-${name}`, '[]', 'closed', admin.account_id, now - (closedAgo[name] + 2) * DAY_MS, now - closedAgo[name] * DAY_MS])};`,
        );
      const transfers = { expired: newId(), kept: newId() };
      const transferMade = { expired: now - (RETENTION_DAYS + 1) * DAY_MS, kept: now };
      for (const name of ['expired', 'kept'] as const)
        statements.push(
          `INSERT INTO transfers (id, tan_hash, office_id, office_key_id, ciphertext, created_at, expires_at) VALUES ${row([transfers[name], toBase64Url(randomBytes(32)), officeId, keys.kept.key.keyId, toBase64Url(randomBytes(600)), transferMade[name], transferMade[name] + DAY_MS])};`,
        );
      query(persistTo, statements.join('\n'));

      // What a backup taken now holds of the day that is about to go.
      const [backup] = query<{ request_id: string; checkin_id: string; day: string; office_key_id: string; inner: string }>(
        persistTo,
        `SELECT request_id, checkin_id, day, office_key_id, inner FROM released_checkins WHERE checkin_id = ${sql(visits.expired.sealed.id)}`,
      );
      if (!backup) throw new Error('nothing to back up');
      const caseUrl = `${origin}/health/#/case/${workedCase}`;
      expect(await grantsSeenBy(office, caseUrl)).toEqual(expect.arrayContaining([keys.expired.key.keyId, keys.kept.key.keyId]));

      // The operator triggers the job over HTTP; the answer comes once the purge has run.
      const triggered = await fetch(`${origin}/__scheduled`);
      expect(triggered.status).toBe(200);
      expect(await triggered.text()).toBe('Ran scheduled event');

      // What is left, read in one query (each wrangler call costs seconds on a busy machine).
      const counts = (name: 'expired' | 'kept') => ({
        checkIn: `SELECT COUNT(*) FROM checkins WHERE id = ${sql(visits[name].sealed.id)}`,
        released: `SELECT COUNT(*) FROM released_checkins WHERE checkin_id = ${sql(visits[name].sealed.id)}`,
        contact: `SELECT COUNT(*) FROM case_contacts WHERE checkin_id = ${sql(visits[name].sealed.id)}`,
        dailyKey: `SELECT COUNT(*) FROM office_daily_keys WHERE key_id = ${sql(keys[name].key.keyId)}`,
        grant: `SELECT COUNT(*) FROM office_key_grants WHERE key_id = ${sql(keys[name].key.keyId)}`,
        sealedGrant: `SELECT COUNT(*) FROM office_key_grants WHERE sealed = ${sql(grants[name])}`,
        transfer: `SELECT COUNT(*) FROM transfers WHERE id = ${sql(transfers[name])}`,
        closedCase: `SELECT COUNT(*) FROM cases WHERE id = ${sql(closedCases[name])}`,
      });
      const columns = (name: 'expired' | 'kept') =>
        Object.entries(counts(name)).map(([column, select]) => `(${select}) AS ${name}_${column}`);
      const [left] = query<Record<string, number>>(
        persistTo,
        `SELECT ${[
          ...columns('expired'),
          ...columns('kept'),
          `(SELECT COUNT(*) FROM cases WHERE id = ${sql(workedCase)}) AS worked_case`,
          `(SELECT COUNT(*) FROM data_requests WHERE case_id = ${sql(workedCase)}) AS worked_requests`,
        ].join(', ')}`,
      );
      const leftOf = (name: 'expired' | 'kept') =>
        Object.fromEntries(Object.keys(counts(name)).map((column) => [column, left?.[`${name}_${column}`]]));
      expect(leftOf('expired')).toEqual({
        checkIn: 0,
        released: 0,
        contact: 0,
        dailyKey: 0,
        grant: 0,
        sealedGrant: 0,
        transfer: 0,
        closedCase: 0,
      });
      expect(leftOf('kept')).toEqual({
        checkIn: 1,
        released: 1,
        contact: 1,
        dailyKey: 1,
        grant: 1,
        sealedGrant: 1,
        transfer: 1,
        closedCase: 1,
      });
      // The case still worked on stays with both requests; only the released layer of the expired day went.
      expect({ case: left?.worked_case, requests: left?.worked_requests }).toEqual({ case: 1, requests: 2 });

      // Someone restores the expired day's released inner layer from the backup: the office app,
      // which no longer receives that day's key, cannot open it; the kept day's contact opens.
      query(
        persistTo,
        `INSERT INTO released_checkins (request_id, checkin_id, day, office_key_id, departure_bucket, inner) VALUES ${row([backup.request_id, backup.checkin_id, backup.day, backup.office_key_id, null, backup.inner])}`,
      );
      const grantsAfter = await grantsSeenBy(office, caseUrl);
      expect(grantsAfter).toContain(keys.kept.key.keyId);
      expect(grantsAfter).not.toContain(keys.expired.key.keyId);
      const contacts = office.locator('luca-case-view [data-testid="contact"]');
      await contacts.first().waitFor();
      await office.getByText(t.decryptFailed(1)).waitFor();
      expect(await contacts.evaluateAll((rows) => rows.map((element) => element.getAttribute('data-checkin-id')))).toEqual([
        visits.kept.sealed.id,
      ]);
      expect(await office.locator('luca-case-view').textContent()).not.toContain('Abgelaufen');
    },
  );
});
