/**
 * The office's keys as the server sees them (trust model 3, 7): public halves and signatures, and
 * private keys only as grants sealed to one employee's device key (protocol/office-keyring.ts).
 *
 * - certificate-request: a new office's first admin sends the identity key made in their browser;
 *   the deployment certifies it (`npm run office:certify`).
 * - grants: an admin admits an employee (or, at setup, themself): the employee certificate their
 *   browser signed with the identity key, and the office's private keys sealed to the employee.
 * - keyring: the caller's own grants and the office's daily keys.
 * - daily-keys: new daily keys signed by the identity key, with a grant for every active employee.
 * - certificates: an admin's browser renews the short-lived certificates of active employees.
 * - revocation: an admin's browser replaces the office's signed revocation state (protocol/revocation.ts).
 * - rotation-request: an admin's browser files a new identity key, signed by the present one, for
 *   the deployment to certify (protocol/office-rotation.ts), with the new key sealed to every admin.
 * - daily-key-signatures: after a rotation, the records of days already begun, signed anew by the
 *   new identity key (their keys stay; later days get new keys through daily-keys).
 */
import * as v from 'valibot';
import { EmployeeCertificateSchema } from '../data-request.ts';
import { DailyKeySchema } from '../hierarchy.ts';
import { RevocationStateSchema } from '../revocation.ts';
import { RotationRequestSchema } from '../office-rotation.ts';
import { DAILY_KEYS_PER_REQUEST, IDENTITY_KEY_ID } from '../office-keyring.ts';
import { PUBLISH_AHEAD_DAYS, RETENTION_DAYS } from '../time.ts';
import { DaySchema, IdSchema, PublicKeySchema } from '../wire-primitives.ts';
import { route } from './route.ts';
import { KEY_GRANT, sealedEnvelope } from '../sealed-size.ts';

/** A private key sealed to one employee's device key. */
const SealedSchema = sealedEnvelope(KEY_GRANT);

/**
 * Every key an admin's browser can hold and so seals at an admission: the identity key and one
 * daily key per kept day, from the retention horizon to the publish-ahead one and a day beyond:
 * 1 + 28 + 90 + 2 = 121.
 */
export const MAX_GRANTS_PER_ADMISSION = 1 + RETENTION_DAYS + PUBLISH_AHEAD_DAYS + 2;

/** One of the office's keys sealed to an employee: the identity key (no day) or a daily key. */
export const GrantSchema = v.strictObject({
  keyId: v.union([IdSchema, v.literal(IDENTITY_KEY_ID)]),
  day: v.nullable(DaySchema),
  sealed: SealedSchema,
});
export type Grant = v.InferOutput<typeof GrantSchema>;

/**
 * Records signed anew in one request after a rotation: every day from the retention horizon to
 * tomorrow (a browser clock already in tomorrow), the days whose keys have been in use.
 */
export const MAX_RESIGNED_RECORDS = RETENTION_DAYS + 2;

/** Certificates renewed in one request: more than the active staff of any office. */
export const MAX_RENEWALS = 500;

/**
 * What a keyring can hold between two runs of the retention job: the grants of an admission,
 * and the days a missed run leaves behind.
 */
const MAX_KEYRING = 4 * MAX_GRANTS_PER_ADMISSION;

export const officeKeyRoutes = {
  certificateRequest: route({
    method: 'POST',
    path: '/api/office/keys/certificate-request',
    access: 'office-admin',
    body: v.strictObject({ signingKey: PublicKeySchema }),
    status: 201,
    response: v.strictObject({ requested: v.literal(true) }),
    errors: ['already_certified', 'no_setup', 'already_requested'],
  }),
  /** Admits an employee: their certificate, for exactly the keys their browser made, and their grants. */
  grants: route({
    method: 'POST',
    path: '/api/office/keys/grants',
    access: 'office-admin',
    body: v.strictObject({
      accountId: IdSchema,
      certificate: EmployeeCertificateSchema,
      grants: v.pipe(v.array(GrantSchema), v.minLength(1), v.maxLength(MAX_GRANTS_PER_ADMISSION)),
    }),
    response: v.strictObject({ admitted: v.literal(true) }),
    errors: [
      'unknown_employee',
      'no_identity_key',
      'bad_certificate',
      'identity_for_admins',
      'duplicate_grant',
      'unknown_key',
      'employee_removed',
    ],
  }),
  keyring: route({
    method: 'GET',
    path: '/api/office/keys/keyring',
    access: 'office',
    response: v.strictObject({
      grants: v.pipe(v.array(GrantSchema), v.maxLength(MAX_KEYRING)),
      /** The office's daily keys from the retention horizon on. */
      dailyKeys: v.pipe(v.array(DailyKeySchema), v.maxLength(MAX_KEYRING)),
      /** The office's newest revocation state, which an admin's browser re-signs when due. */
      revocation: v.nullable(RevocationStateSchema),
    }),
    errors: [],
  }),
  dailyKeys: route({
    method: 'POST',
    path: '/api/office/keys/daily-keys',
    access: 'office',
    body: v.strictObject({
      keys: v.pipe(
        v.array(
          v.strictObject({
            record: DailyKeySchema,
            grants: v.pipe(v.array(v.strictObject({ accountId: IdSchema, sealed: SealedSchema })), v.minLength(1), v.maxLength(500)),
          }),
        ),
        v.minLength(1),
        // Not the horizon: a browser publishing 90 days ahead sends several requests (DAILY_KEYS_PER_REQUEST).
        v.maxLength(DAILY_KEYS_PER_REQUEST),
      ),
    }),
    status: 201,
    response: v.strictObject({ stored: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(DAILY_KEYS_PER_REQUEST)) }),
    errors: [
      'office_not_certified',
      'duplicate_day',
      'duplicate_key',
      'duplicate_grant',
      'day_out_of_range',
      'bad_daily_key',
      'day_has_key',
      'grants_incomplete',
      'no_keys',
    ],
  }),
  /** Renewed certificates of active employees, each for exactly the keys and role of their row. */
  certificates: route({
    method: 'POST',
    path: '/api/office/keys/certificates',
    access: 'office-admin',
    body: v.strictObject({
      certificates: v.pipe(v.array(EmployeeCertificateSchema), v.minLength(1), v.maxLength(MAX_RENEWALS)),
    }),
    response: v.strictObject({ renewed: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_RENEWALS)) }),
    errors: ['no_identity_key', 'duplicate_employee', 'unknown_employee', 'bad_certificate', 'employee_removed'],
  }),
  /** A new revocation state signed by the office identity key; it must outnumber the stored one. */
  revocation: route({
    method: 'POST',
    path: '/api/office/keys/revocation',
    access: 'office-admin',
    body: v.strictObject({ state: RevocationStateSchema }),
    status: 201,
    response: v.strictObject({ serial: RevocationStateSchema.entries.serial }),
    errors: ['office_not_certified', 'bad_revocation', 'revocation_incomplete', 'stale_revocation'],
  }),
  /**
   * A new identity key for the deployment to certify, named in a request the present identity key
   * signed, sealed to every active admin (key id NEXT_IDENTITY_KEY_ID), with the records of days
   * begun signed by the new key. Replaces a request still waiting.
   */
  rotationRequest: route({
    method: 'POST',
    path: '/api/office/keys/rotation-request',
    access: 'office-admin',
    body: v.strictObject({
      request: RotationRequestSchema,
      grants: v.pipe(v.array(v.strictObject({ accountId: IdSchema, sealed: SealedSchema })), v.minLength(1), v.maxLength(MAX_RENEWALS)),
      /** The records of days begun, signed by the new key; the certification puts them in place. */
      records: v.pipe(v.array(DailyKeySchema), v.maxLength(MAX_RESIGNED_RECORDS)),
    }),
    status: 201,
    response: v.strictObject({ requested: v.literal(true) }),
    errors: [
      'office_not_certified',
      'bad_rotation_request',
      'duplicate_grant',
      'grants_incomplete',
      'duplicate_day',
      'unknown_key',
      'bad_daily_key',
    ],
  }),
  /** Records of days already begun, signed anew by the office's identity key after a rotation. */
  dailyKeySignatures: route({
    method: 'POST',
    path: '/api/office/keys/daily-key-signatures',
    access: 'office-admin',
    body: v.strictObject({ records: v.pipe(v.array(DailyKeySchema), v.minLength(1), v.maxLength(MAX_RESIGNED_RECORDS)) }),
    response: v.strictObject({ resigned: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_RESIGNED_RECORDS)) }),
    errors: ['office_not_certified', 'duplicate_day', 'unknown_key', 'bad_daily_key'],
  }),
} as const;
