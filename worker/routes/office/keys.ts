/**
 * The office's keys as the server sees them (trust model 3, 7): public halves and signatures,
 * and private keys only as grants sealed to one employee's device key (protocol/office-keyring.ts).
 *
 * - certificate-request: a new office's first admin sends the identity key made in their browser;
 *   the deployment certifies it with `npm run office:certify`.
 * - grants: an admin admits an employee (or, at setup, themself): the employee certificate their
 *   browser signed with the identity key, and the office's private keys sealed to the employee.
 * - keyring: the caller's own grants and the office's daily keys.
 * - daily-keys: new daily keys signed by the identity key, with a grant for every active employee.
 * - certificates: renewed short-lived employee certificates (trust model 18).
 * - revocation: the office's signed revocation state, replaced only by a higher serial.
 * - rotation-request: a new identity key for the deployment to certify, signed by the present one.
 * - daily-key-signatures: after a rotation, the records of days begun signed anew by the new key.
 */
import { and, eq, inArray, lt, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import { officeKeyRoutes as routes } from '../../../protocol/api/office-keys.ts';
import { fromBase64Url } from '../../../protocol/bytes.ts';
import { MAX_CERTIFICATE_LIFETIME_MS, verifyEmployeeCertificate } from '../../../protocol/data-request.ts';
import { type DailyKey, type OfficeCertificate, type VerifiedOffice, verifyDailyKey } from '../../../protocol/hierarchy.ts';
import { importPublicKey } from '../../../protocol/keys.ts';
import { IDENTITY_KEY_ID } from '../../../protocol/office-keyring.ts';
import { NEXT_IDENTITY_KEY_ID, verifyRotationRequest } from '../../../protocol/office-rotation.ts';
import { signingKeyFingerprint, verifyRevocationState } from '../../../protocol/revocation.ts';
import { MINUTE_MS, PUBLISH_AHEAD_DAYS, RETENTION_DAYS, addDays, dayOf } from '../../../protocol/time.ts';
import { type Database, database } from '../../db/client.ts';
import {
  officeCertificateRequests,
  officeCodes,
  officeDailyKeys,
  officeEmployees,
  officeKeyGrants,
  officeRevocationStates,
  officeRotations,
} from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';
import { officeCertificateOf, requireStaff } from '../../auth/office-staff.ts';
import { uniquenessViolation } from '../../db/constraint.ts';

/** The identity key employee certificates must chain to: the certificate's, or before it exists, the requested one. */
async function identityKeyOf(db: Database, officeId: string): Promise<CryptoKey> {
  const certificate = await officeCertificateOf(db, officeId);
  const requested = certificate
    ? undefined
    : await db.query.officeCertificateRequests.findFirst({ where: eq(officeCertificateRequests.officeId, officeId) });
  const key = certificate?.signingKey ?? requested?.signingKey;
  if (!key) throw new ApiFailure(409, 'no_identity_key', 'Your office has no identity key yet.');
  return importPublicKey(fromBase64Url(key), 'signing');
}

/** The stored office certificate as the key records are checked against (the Worker trusts its own rows). */
async function storedOffice(certificate: OfficeCertificate): Promise<VerifiedOffice> {
  return {
    officeId: certificate.officeId,
    name: certificate.name,
    postcodes: certificate.postcodes,
    signingKey: await importPublicKey(fromBase64Url(certificate.signingKey), 'signing'),
    notAfter: certificate.notAfter,
  };
}

/** Whether a record verifies under the office certificate in force (after a rotation, the old key's records do not). */
async function signedByCurrentKey(office: VerifiedOffice, record: Parameters<typeof verifyDailyKey>[1]): Promise<boolean> {
  return verifyDailyKey(office, record, record.day).then(
    () => true,
    () => false,
  );
}

/**
 * Days whose private keys may still exist: from the retention horizon to the publish-ahead one,
 * and one day beyond it for an admin's browser whose clock is already in tomorrow.
 */
function keptDays(nowMs: number) {
  const today = dayOf(nowMs);
  return { from: addDays(today, -RETENTION_DAYS), to: addDays(today, PUBLISH_AHEAD_DAYS + 1) };
}

export const officeKeysRouter = new Hono<AppEnv>()
  .post('/certificate-request', requireStaff('admin'), validate('json', routes.certificateRequest.body), async (c) => {
    const staff = c.get('staff');
    const db = database(c.env.DB);
    if (await officeCertificateOf(db, staff.officeId)) throw new ApiFailure(409, 'already_certified', 'Your office is already certified.');
    const setup = await db
      .select({ name: officeCodes.officeName, postcodes: officeCodes.postcodes })
      .from(officeCodes)
      .where(and(eq(officeCodes.officeId, staff.officeId), eq(officeCodes.kind, 'setup')))
      .get();
    if (!setup?.name || !setup.postcodes) throw new ApiFailure(409, 'no_setup', 'Your office was not set up by the deployment.');
    const inserted = await db
      .insert(officeCertificateRequests)
      .values({
        officeId: staff.officeId,
        name: setup.name,
        postcodes: setup.postcodes,
        signingKey: c.req.valid('json').signingKey,
        requestedBy: staff.accountId,
        createdAt: Date.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new ApiFailure(409, 'already_requested', 'An identity key is already waiting for its certificate.');
    return reply(c, routes.certificateRequest, { requested: true });
  })
  .post('/grants', requireStaff('admin'), rateLimit('office-grants'), validate('json', routes.grants.body), async (c) => {
    const staff = c.get('staff');
    const { accountId, certificate, grants } = c.req.valid('json');
    const db = database(c.env.DB);
    const target = await db.query.officeEmployees.findFirst({
      where: and(eq(officeEmployees.accountId, accountId), eq(officeEmployees.officeId, staff.officeId)),
    });
    if (!target || target.status === 'removed') throw new ApiFailure(404, 'unknown_employee', 'There is no such employee in your office.');
    // The certificate must be for exactly the key that employee's browser made, from this office's identity key.
    const matches =
      certificate.officeId === staff.officeId &&
      certificate.employeeId === accountId &&
      certificate.signingKey === target.signingKey &&
      certificate.deviceKey === target.deviceKey &&
      certificate.role === target.role;
    if (!matches || !(await verifyEmployeeCertificate(await identityKeyOf(db, staff.officeId), certificate))) {
      throw new ApiFailure(422, 'bad_certificate', 'The employee certificate is not for this employee or not signed by your office.');
    }
    if (grants.some((grant) => grant.keyId === IDENTITY_KEY_ID) && certificate.role !== 'admin')
      throw new ApiFailure(422, 'identity_for_admins', 'Only administrators hold the office identity key.');
    if (new Set(grants.map((grant) => grant.keyId)).size !== grants.length)
      throw new ApiFailure(400, 'duplicate_grant', 'A key is granted twice.');
    // The day of each grant is the key's own (the retention job destroys grants by day), never the client's word.
    const days = new Map(
      (
        await db
          .select({ keyId: officeDailyKeys.keyId, day: officeDailyKeys.day })
          .from(officeDailyKeys)
          .where(eq(officeDailyKeys.officeId, staff.officeId))
      ).map((row) => [row.keyId, row.day]),
    );
    if (grants.some((grant) => grant.keyId !== IDENTITY_KEY_ID && !days.has(grant.keyId)))
      throw new ApiFailure(422, 'unknown_key', 'A grant names a key your office does not have.');
    const [admitted] = await db.batch([
      // A removal that got in first stays a removal.
      db
        .update(officeEmployees)
        .set({ status: 'active', certificate })
        .where(and(eq(officeEmployees.accountId, accountId), ne(officeEmployees.status, 'removed')))
        .returning({ accountId: officeEmployees.accountId }),
      ...grants.map((grant) =>
        db
          .insert(officeKeyGrants)
          .values({
            accountId,
            keyId: grant.keyId,
            officeId: staff.officeId,
            day: grant.keyId === IDENTITY_KEY_ID ? null : (days.get(grant.keyId) ?? null),
            sealed: grant.sealed,
          })
          .onConflictDoUpdate({ target: [officeKeyGrants.accountId, officeKeyGrants.keyId], set: { sealed: grant.sealed } }),
      ),
    ]);
    if (admitted.length === 0) {
      await db.delete(officeKeyGrants).where(eq(officeKeyGrants.accountId, accountId));
      throw new ApiFailure(409, 'employee_removed', 'This employee was removed meanwhile.');
    }
    return reply(c, routes.grants, { admitted: true });
  })
  .get('/keyring', requireStaff('active'), async (c) => {
    const staff = c.get('staff');
    const db = database(c.env.DB);
    const { from } = keptDays(Date.now());
    const [grants, keys, revocation] = await Promise.all([
      db
        .select({ keyId: officeKeyGrants.keyId, day: officeKeyGrants.day, sealed: officeKeyGrants.sealed })
        .from(officeKeyGrants)
        // The next identity key waits sealed until the deployment certifies it (office-certify turns it into `identity`).
        .where(and(eq(officeKeyGrants.accountId, staff.accountId), ne(officeKeyGrants.keyId, NEXT_IDENTITY_KEY_ID))),
      db
        .select({ record: officeDailyKeys.record, day: officeDailyKeys.day })
        .from(officeDailyKeys)
        .where(eq(officeDailyKeys.officeId, staff.officeId)),
      revocationStateOf(db, staff.officeId),
    ]);
    return reply(c, routes.keyring, {
      grants,
      dailyKeys: keys.filter((row) => row.day >= from).map((row) => row.record),
      revocation: revocation ?? null,
    });
  })
  .post('/daily-keys', requireStaff('active'), rateLimit('office-keys'), validate('json', routes.dailyKeys.body), async (c) => {
    const staff = c.get('staff');
    const db = database(c.env.DB);
    const certificate = await officeCertificateOf(db, staff.officeId);
    if (!certificate) throw new ApiFailure(409, 'office_not_certified', 'Your office has no certificate yet.');
    const office = await storedOffice(certificate);
    const { keys } = c.req.valid('json');
    const { to } = keptDays(Date.now());
    const today = dayOf(Date.now());
    const days = keys.map((key) => key.record.day);
    if (new Set(days).size !== days.length) throw new ApiFailure(400, 'duplicate_day', 'Each day may have one key.');
    if (new Set(keys.map((key) => key.record.keyId)).size !== keys.length)
      throw new ApiFailure(400, 'duplicate_key', 'Each day needs a key of its own.');
    if (keys.some(({ grants }) => new Set(grants.map((grant) => grant.accountId)).size !== grants.length))
      throw new ApiFailure(400, 'duplicate_grant', 'A key is granted twice to one employee.');
    for (const { record } of keys) {
      if (record.day < today || record.day > to)
        throw new ApiFailure(422, 'day_out_of_range', `Keys are made for today up to ${PUBLISH_AHEAD_DAYS} days ahead.`);
      try {
        await verifyDailyKey(office, record, record.day);
      } catch {
        throw new ApiFailure(422, 'bad_daily_key', `The key for ${record.day} is not signed by your office.`);
      }
    }
    const taken = await db
      .select({ keyId: officeDailyKeys.keyId, day: officeDailyKeys.day, record: officeDailyKeys.record })
      .from(officeDailyKeys)
      .where(and(eq(officeDailyKeys.officeId, staff.officeId), inArray(officeDailyKeys.day, days), eq(officeDailyKeys.superseded, false)));
    // After an identity key rotation, a coming day's key from before it (a removed admin may hold it)
    // is replaced: its record no longer verifies under the certificate in force. A day begun keeps its key.
    const replaced: string[] = [];
    for (const row of taken) {
      if (row.day <= today || (await signedByCurrentKey(office, row.record)))
        throw new ApiFailure(409, 'day_has_key', `There already is a key for ${row.day}.`);
      replaced.push(row.keyId);
    }
    // Every active employee must be able to open every key, or a colleague could not read a case.
    const active = await db
      .select({ accountId: officeEmployees.accountId })
      .from(officeEmployees)
      .where(and(eq(officeEmployees.officeId, staff.officeId), eq(officeEmployees.status, 'active')));
    const activeIds = new Set(active.map((row) => row.accountId));
    for (const { record, grants } of keys) {
      const granted = new Set(grants.map((grant) => grant.accountId));
      if (granted.size !== activeIds.size || [...activeIds].some((id) => !granted.has(id))) {
        throw new ApiFailure(
          422,
          'grants_incomplete',
          `The key for ${record.day} must be granted to every active employee of your office, and only to them.`,
        );
      }
    }
    const [first, ...rest] = keys;
    if (!first) throw new ApiFailure(400, 'no_keys', 'No keys given.');
    const supersede = db
      .update(officeDailyKeys)
      .set({ superseded: true })
      .where(and(eq(officeDailyKeys.officeId, staff.officeId), inArray(officeDailyKeys.keyId, replaced.length > 0 ? replaced : [''])));
    const published = db.batch([
      // The replaced keys stay, with their grants: what was sealed to them before (bookings) still opens.
      supersede,
      db
        .insert(officeDailyKeys)
        .values({ keyId: first.record.keyId, officeId: first.record.officeId, day: first.record.day, record: first.record }),
      ...rest.map(({ record }) =>
        db.insert(officeDailyKeys).values({ keyId: record.keyId, officeId: record.officeId, day: record.day, record }),
      ),
      ...keys.flatMap(({ record, grants }) =>
        grants.map((grant) =>
          db
            .insert(officeKeyGrants)
            .values({ accountId: grant.accountId, keyId: record.keyId, officeId: staff.officeId, day: record.day, sealed: grant.sealed }),
        ),
      ),
    ]);
    try {
      await published;
    } catch (error) {
      // Another admin's browser published a key for one of these days a moment earlier.
      if (uniquenessViolation(error)) throw new ApiFailure(409, 'day_has_key', 'A key for one of these days was just published.');
      throw error;
    }
    return reply(c, routes.dailyKeys, { stored: keys.length });
  })
  .post('/certificates', requireStaff('admin'), rateLimit('office-keys'), validate('json', routes.certificates.body), async (c) => {
    const staff = c.get('staff');
    const { certificates } = c.req.valid('json');
    const db = database(c.env.DB);
    const identity = await identityKeyOf(db, staff.officeId);
    if (new Set(certificates.map((certificate) => certificate.employeeId)).size !== certificates.length)
      throw new ApiFailure(400, 'duplicate_employee', 'An employee is named twice.');
    const rows = await db
      .select()
      .from(officeEmployees)
      .where(
        and(
          eq(officeEmployees.officeId, staff.officeId),
          inArray(
            officeEmployees.accountId,
            certificates.map((certificate) => certificate.employeeId),
          ),
        ),
      );
    const now = Date.now();
    for (const certificate of certificates) {
      const row = rows.find((candidate) => candidate.accountId === certificate.employeeId);
      if (!row || row.status !== 'active')
        throw new ApiFailure(404, 'unknown_employee', 'There is no such active employee in your office.');
      // A renewal changes the validity only: the same keys and role the admission certified, short-lived, valid now.
      const renewal =
        certificate.officeId === staff.officeId &&
        certificate.signingKey === row.signingKey &&
        certificate.deviceKey === row.deviceKey &&
        certificate.role === row.role &&
        certificate.notAfter - certificate.notBefore <= MAX_CERTIFICATE_LIFETIME_MS &&
        certificate.notBefore <= now + 10 * MINUTE_MS &&
        certificate.notAfter > now;
      if (!renewal || !(await verifyEmployeeCertificate(identity, certificate)))
        throw new ApiFailure(422, 'bad_certificate', 'A certificate is not a renewal of that employee by your office.');
    }
    const renew = (certificate: (typeof certificates)[number]) =>
      db
        .update(officeEmployees)
        .set({ certificate })
        .where(and(eq(officeEmployees.accountId, certificate.employeeId), eq(officeEmployees.status, 'active')))
        .returning({ accountId: officeEmployees.accountId });
    const [first, ...rest] = certificates;
    if (!first) throw new ApiFailure(400, 'duplicate_employee', 'No certificate given.');
    const updated = await db.batch([renew(first), ...rest.map(renew)]);
    // A removal between the check and the batch: every row gets its earlier certificate back.
    if (updated.some((changed) => changed.length === 0)) {
      const restore = (certificate: (typeof certificates)[number]) =>
        db
          .update(officeEmployees)
          .set({ certificate: rows.find((row) => row.accountId === certificate.employeeId)?.certificate ?? null })
          .where(eq(officeEmployees.accountId, certificate.employeeId));
      await db.batch([restore(first), ...rest.map(restore)]);
      throw new ApiFailure(409, 'employee_removed', 'An employee was removed meanwhile.');
    }
    return reply(c, routes.certificates, { renewed: certificates.length });
  })
  .post('/revocation', requireStaff('admin'), rateLimit('office-keys'), validate('json', routes.revocation.body), async (c) => {
    const staff = c.get('staff');
    const { state } = c.req.valid('json');
    const db = database(c.env.DB);
    const certificate = await officeCertificateOf(db, staff.officeId);
    if (!certificate) throw new ApiFailure(409, 'office_not_certified', 'Your office has no certificate yet.');
    const now = Date.now();
    try {
      const identity = await importPublicKey(fromBase64Url(certificate.signingKey), 'signing');
      await verifyRevocationState(identity, staff.officeId, state, now, 0);
    } catch {
      throw new ApiFailure(422, 'bad_revocation', 'The revocation state is not signed by your office.');
    }
    if (Math.abs(state.issuedAt - now) > 10 * MINUTE_MS)
      throw new ApiFailure(422, 'bad_revocation', 'The revocation state must be dated now (the clock is more than 10 minutes off).');
    const removed = await db
      .select({ signingKey: officeEmployees.signingKey })
      .from(officeEmployees)
      .where(and(eq(officeEmployees.officeId, staff.officeId), eq(officeEmployees.status, 'removed')));
    const listed = new Set(state.revoked);
    for (const { signingKey } of removed)
      if (!listed.has(await signingKeyFingerprint(signingKey)))
        throw new ApiFailure(422, 'revocation_incomplete', 'The revocation state must name every removed employee.');
    // Only a higher serial replaces the stored state, also when two admins sign at once.
    const stored = await db
      .insert(officeRevocationStates)
      .values({ officeId: staff.officeId, serial: state.serial, issuedAt: state.issuedAt, state })
      .onConflictDoUpdate({
        target: officeRevocationStates.officeId,
        set: { serial: state.serial, issuedAt: state.issuedAt, state },
        setWhere: lt(officeRevocationStates.serial, state.serial),
      })
      .returning({ serial: officeRevocationStates.serial });
    if (stored.length === 0)
      throw new ApiFailure(409, 'stale_revocation', 'A revocation state with this serial or a higher one is stored.');
    return reply(c, routes.revocation, { serial: state.serial });
  })
  .post('/rotation-request', requireStaff('admin'), rateLimit('office-keys'), validate('json', routes.rotationRequest.body), async (c) => {
    const staff = c.get('staff');
    const { request, grants, records } = c.req.valid('json');
    const db = database(c.env.DB);
    const certificate = await officeCertificateOf(db, staff.officeId);
    if (!certificate) throw new ApiFailure(409, 'office_not_certified', 'Your office has no certificate yet.');
    const now = Date.now();
    try {
      await verifyRotationRequest(certificate, request);
    } catch {
      throw new ApiFailure(422, 'bad_rotation_request', 'The rotation request is not signed by your office’s identity key.');
    }
    // Records of days begun, signed by the new key: the same stored keys, so the certification can put them in place.
    await checkResigned(db, staff.officeId, records, await storedOffice({ ...certificate, signingKey: request.nextKey }));
    if (Math.abs(request.requestedAt - now) > 10 * MINUTE_MS)
      throw new ApiFailure(422, 'bad_rotation_request', 'The rotation request must be dated now (the clock is more than 10 minutes off).');
    if (new Set(grants.map((grant) => grant.accountId)).size !== grants.length)
      throw new ApiFailure(400, 'duplicate_grant', 'The new key is granted twice to one administrator.');
    // Every active admin gets the new key, and nobody else: a member or a removed admin never holds it.
    const admins = await db
      .select({ accountId: officeEmployees.accountId })
      .from(officeEmployees)
      .where(and(eq(officeEmployees.officeId, staff.officeId), eq(officeEmployees.status, 'active'), eq(officeEmployees.role, 'admin')));
    const granted = new Set(grants.map((grant) => grant.accountId));
    if (granted.size !== admins.length || admins.some((admin) => !granted.has(admin.accountId)))
      throw new ApiFailure(
        422,
        'grants_incomplete',
        'The new key must be sealed to every active administrator of your office, and only to them.',
      );
    await db.batch([
      db.delete(officeKeyGrants).where(and(eq(officeKeyGrants.officeId, staff.officeId), eq(officeKeyGrants.keyId, NEXT_IDENTITY_KEY_ID))),
      db
        .insert(officeRotations)
        .values({ officeId: staff.officeId, nextKey: request.nextKey, request, records, requestedBy: staff.accountId, createdAt: now })
        .onConflictDoUpdate({
          target: officeRotations.officeId,
          set: { nextKey: request.nextKey, request, records, requestedBy: staff.accountId, createdAt: now },
        }),
      ...grants.map((grant) =>
        db
          .insert(officeKeyGrants)
          .values({ accountId: grant.accountId, keyId: NEXT_IDENTITY_KEY_ID, officeId: staff.officeId, day: null, sealed: grant.sealed }),
      ),
    ]);
    return reply(c, routes.rotationRequest, { requested: true });
  })
  .post(
    '/daily-key-signatures',
    requireStaff('admin'),
    rateLimit('office-keys'),
    validate('json', routes.dailyKeySignatures.body),
    async (c) => {
      const staff = c.get('staff');
      const { records } = c.req.valid('json');
      const db = database(c.env.DB);
      const certificate = await officeCertificateOf(db, staff.officeId);
      if (!certificate) throw new ApiFailure(409, 'office_not_certified', 'Your office has no certificate yet.');
      await checkResigned(db, staff.officeId, records, await storedOffice(certificate));
      const resign = (record: (typeof records)[number]) =>
        db.update(officeDailyKeys).set({ record }).where(eq(officeDailyKeys.keyId, record.keyId));
      const [first, ...rest] = records;
      if (!first) throw new ApiFailure(400, 'duplicate_day', 'No records given.');
      await db.batch([resign(first), ...rest.map(resign)]);
      return reply(c, routes.dailyKeySignatures, { resigned: records.length });
    },
  );

/**
 * Records signed anew (after a rotation, or ahead of it by the new key): each the office's stored
 * record for that key id, same day and public key, of a day begun (up to tomorrow, for a browser
 * clock already there) or superseded, signed by `office`'s key. A coming day's current key is
 * replaced (daily-keys), never signed anew, or a removed admin would keep it.
 */
async function checkResigned(db: Database, officeId: string, records: readonly DailyKey[], office: VerifiedOffice): Promise<void> {
  if (records.length === 0) return;
  if (new Set(records.map((record) => record.keyId)).size !== records.length)
    throw new ApiFailure(400, 'duplicate_day', 'Each key is signed once per request.');
  const stored = await db
    .select()
    .from(officeDailyKeys)
    .where(
      and(
        eq(officeDailyKeys.officeId, officeId),
        inArray(
          officeDailyKeys.keyId,
          records.map((record) => record.keyId),
        ),
      ),
    );
  const tomorrow = addDays(dayOf(Date.now()), 1);
  for (const record of records) {
    const row = stored.find((candidate) => candidate.keyId === record.keyId);
    if (!row || row.day !== record.day || row.record.publicKey !== record.publicKey || (!row.superseded && row.day > tomorrow))
      throw new ApiFailure(422, 'unknown_key', `Your office has no such key to sign anew for ${record.day}.`);
    if (!(await signedByCurrentKey(office, record)))
      throw new ApiFailure(422, 'bad_daily_key', `The key for ${record.day} is not signed by your office.`);
  }
}

/** The office's stored revocation state, if an admin's browser has signed one. */
export async function revocationStateOf(db: Database, officeId: string) {
  const row = await db.query.officeRevocationStates.findFirst({ where: eq(officeRevocationStates.officeId, officeId) });
  return row?.state;
}
