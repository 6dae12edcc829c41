/**
 * The D1 schema. What is here is exactly what the server may know (trust model 1 in
 * docs/THREAT-MODEL.md): public certificates, keys and venue cards, and per check-in only a random
 * id, the venue, the office key id, coarse times, the outer ciphertext and the hash of the
 * checkout secret. No account, device, IP address or user agent is ever stored with a check-in.
 *
 * JSON columns are typed here (drizzle's json mode): the Worker writes them only after checking
 * them against their schema in protocol/, so what it reads back needs no cast.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { SignedAuditHead } from '../../protocol/audit-head.ts';
import type { ChainedAuditEntry } from '../../protocol/audit-log.ts';
import type { CaseVisit } from '../../protocol/case-visit.ts';
import type { DataRequest, EmployeeCertificate } from '../../protocol/data-request.ts';
import type { DailyKey, OfficeCertificate } from '../../protocol/hierarchy.ts';
import type { RotationRequest } from '../../protocol/office-rotation.ts';
import type { RevocationState } from '../../protocol/revocation.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import type { Warning, Withdrawal } from '../../protocol/warning.ts';
import type { WarningTexts } from '../../protocol/api/office-warnings.ts';
import type { ChallengeSubject } from '../auth/challenge-subject.ts';

export const offices = sqliteTable('offices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The root-signed certificate as JSON, served verbatim so clients verify what was signed. */
  certificate: text('certificate', { mode: 'json' }).$type<OfficeCertificate>().notNull(),
  /**
   * The certificates this one replaced at identity key rotations, oldest first (PROTOCOL.md
   * "Identity key rotation"): an admin's browser completing a rotation verifies what the old key
   * signed under them, and the audit view the certificates of colleagues removed before it.
   */
  previousCertificates: text('previous_certificates', { mode: 'json' }).$type<OfficeCertificate[]>().notNull().default([]),
  createdAt: integer('created_at').notNull(),
});

export const officeDailyKeys = sqliteTable(
  'office_daily_keys',
  {
    keyId: text('key_id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    day: text('day').notNull(),
    /** The office-signed daily key record as JSON. */
    record: text('record', { mode: 'json' }).$type<DailyKey>().notNull(),
    /**
     * Replaced by a new key for its day after an identity key rotation (PROTOCOL.md "Identity key
     * rotation"): kept with its grants, so the office still opens what was sealed to it before
     * (bookings made ahead), but no longer served to guests and venues.
     */
    superseded: integer('superseded', { mode: 'boolean' }).notNull().default(false),
  },
  // One current key per office and day: two admins publishing at once cannot split a day.
  (table) => [
    uniqueIndex('office_daily_keys_office_day_unique')
      .on(table.officeId, table.day)
      .where(sql`superseded = 0`),
  ],
);

/**
 * Each office's newest revocation state (protocol/revocation.ts), signed in an admin's browser:
 * served to venues and guests, replaced only by one with a higher serial.
 */
export const officeRevocationStates = sqliteTable('office_revocation_states', {
  officeId: text('office_id')
    .primaryKey()
    .references(() => offices.id),
  serial: integer('serial').notNull(),
  issuedAt: integer('issued_at').notNull(),
  /** The signed state as JSON, served verbatim. */
  state: text('state', { mode: 'json' }).$type<RevocationState>().notNull(),
});

export const venues = sqliteTable(
  'venues',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** The lookup half of the printed venue code (protocol/venue-code.ts): the id's first 40 bits. */
    code: text('code').notNull(),
    /** The venue-signed card as JSON. */
    card: text('card', { mode: 'json' }).$type<VenueCard>().notNull(),
    createdAt: integer('created_at').notNull(),
    /** The operator account that owns the venue (null for venues seeded by the deployment). */
    operatorId: text('operator_id').references(() => accounts.id),
    /** draft until the operator proved a restored recovery kit (trust model 14); then live. */
    status: text('status', { enum: ['draft', 'live'] })
      .notNull()
      .default('draft'),
    liveAt: integer('live_at'),
    /** Only check-ins with a fresh kiosk code are accepted (no static posters in use). */
    kioskOnly: integer('kiosk_only', { mode: 'boolean' }).notNull().default(false),
    /** Websites (origins, JSON array) allowed to embed the <luca-checkin> widget for this venue. */
    allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull().default([]),
  },
  (table) => [uniqueIndex('venues_code').on(table.code), index('venues_operator').on(table.operatorId)],
);

/**
 * One-time takeover codes for venues whose keys the deployment holds (the local demo venues):
 * the code's hash, never the code, and the venue's private keys sealed under the code
 * (protocol/venue-claim.ts), which the server cannot open. Spending the code erases the bundle.
 */
export const venueClaimCodes = sqliteTable(
  'venue_claim_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    /** The venue's keys sealed under the code; null once the code is spent. */
    bundle: text('bundle'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    /** The operator account that spent it. */
    usedBy: text('used_by'),
  },
  (table) => [index('venue_claim_codes_venue').on(table.venueId)],
);

export const checkIns = sqliteTable(
  'checkins',
  {
    id: text('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    officeKeyId: text('office_key_id').notNull(),
    day: text('day').notNull(),
    /** Arrival rounded down to five minutes (ms since epoch). */
    arrivalBucket: integer('arrival_bucket').notNull(),
    /** Departure rounded up to five minutes, once known. */
    departureBucket: integer('departure_bucket'),
    ciphertext: text('ciphertext').notNull(),
    checkoutHash: text('checkout_hash').notNull(),
  },
  (table) => [index('checkins_venue_arrival').on(table.venueId, table.arrivalBucket), index('checkins_day').on(table.day)],
);

/**
 * A guest's visit history shared with one health office (trust model 5). The ciphertext is sealed
 * to that office's daily key on the guest's device, bound to the TAN's secret part; the server
 * drew the TAN's lookup part and keeps only its SHA-256 (`tan_hash`, protocol/tan.ts lookupHash).
 * Nothing another office does changes a row (no attempt counter: its attempts answer as unknown).
 */
export const transfers = sqliteTable(
  'transfers',
  {
    id: text('id').primaryKey(),
    tanHash: text('tan_hash').notNull(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    officeKeyId: text('office_key_id').notNull(),
    ciphertext: text('ciphertext').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    redeemedAt: integer('redeemed_at'),
    /** The case the redeeming employee opened it for (chosen at redemption, audited). */
    caseId: text('case_id'),
  },
  (table) => [uniqueIndex('transfers_tan_hash').on(table.tanHash), index('transfers_expires').on(table.expiresAt)],
);

/** People who sign in: venue operators and health-office employees (role). */
export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  role: text('role', { enum: ['venue', 'office'] }).notNull(),
  displayName: text('display_name').notNull(),
  /** The WebAuthn user handle (random, base64url), not the account id. */
  userHandle: text('user_handle').notNull().unique(),
  createdAt: integer('created_at').notNull(),
});

/** Passkeys (WebAuthn credentials); no passwords exist anywhere. */
export const passkeys = sqliteTable(
  'passkeys',
  {
    credentialId: text('credential_id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    /** COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull(),
    transports: text('transports', { mode: 'json' }).$type<string[]>().notNull().default([]),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (table) => [index('passkeys_account').on(table.accountId)],
);

/** Sessions by the SHA-256 of the cookie's token, so a database leak yields no usable cookie. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (table) => [index('sessions_account').on(table.accountId)],
);

/** WebAuthn challenges between options and verification, used once, valid for five minutes. */
export const authChallenges = sqliteTable('auth_challenges', {
  id: text('id').primaryKey(),
  purpose: text('purpose', { enum: ['register', 'login', 'add-passkey', 'office-join'] }).notNull(),
  challenge: text('challenge').notNull(),
  /** For register: the pending account's id, name and user handle as JSON; for add-passkey: the account id. */
  subject: text('subject', { mode: 'json' }).$type<ChallengeSubject>(),
  expiresAt: integer('expires_at').notNull(),
});

/**
 * Health-office data requests (trust model 6), stored as signed: the venue verifies the signature
 * chain itself. The row's status is the venue's answer; with the request it is the audit trail
 * the venue sees about its venues.
 */
export const dataRequests = sqliteTable(
  'data_requests',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    caseId: text('case_id').notNull(),
    /** The signed request as JSON (protocol/data-request.ts). */
    request: text('request', { mode: 'json' }).$type<DataRequest>().notNull(),
    windowFrom: integer('window_from').notNull(),
    windowTo: integer('window_to').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'declined'] })
      .notNull()
      .default('pending'),
    declineReason: text('decline_reason'),
    answeredAt: integer('answered_at'),
    releasedCount: integer('released_count'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    index('data_requests_venue').on(table.venueId),
    index('data_requests_office').on(table.officeId),
    // A case's requests: its detail, and the retention job's look for its last step and its rows.
    index('data_requests_case').on(table.caseId),
  ],
);

/** Inner layers a venue released for a request: still sealed to the office's daily key. */
export const releasedCheckIns = sqliteTable(
  'released_checkins',
  {
    requestId: text('request_id')
      .notNull()
      .references(() => dataRequests.id),
    checkInId: text('checkin_id').notNull(),
    day: text('day').notNull(),
    officeKeyId: text('office_key_id').notNull(),
    departureBucket: integer('departure_bucket'),
    inner: text('inner').notNull(),
  },
  (table) => [primaryKey({ columns: [table.requestId, table.checkInId] })],
);

/**
 * Health-office employees (trust model 3, 12). The public halves of the employee's device key
 * (ECDH: office private keys are sealed to it) and signing key (requests and audit entries) come
 * from the employee's browser; an admin's browser certifies the signing key on admission.
 * The office id may name an office whose certificate the deployment has not issued yet.
 */
export const officeEmployees = sqliteTable(
  'office_employees',
  {
    accountId: text('account_id')
      .primaryKey()
      .references(() => accounts.id),
    officeId: text('office_id').notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    /** removed: signed out, keys withdrawn; the row stays so the audit log still verifies. */
    status: text('status', { enum: ['pending', 'active', 'removed'] }).notNull(),
    deviceKey: text('device_key').notNull(),
    signingKey: text('signing_key').notNull(),
    /** The office-signed employee certificate as JSON, once admitted. */
    certificate: text('certificate', { mode: 'json' }).$type<EmployeeCertificate>(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('office_employees_office').on(table.officeId)],
);

/**
 * One-time codes: "setup" codes issued by the deployment (CLI) for an office's first admin,
 * "invite" codes issued by an office admin for employees. Stored as hashes only.
 */
export const officeCodes = sqliteTable('office_codes', {
  codeHash: text('code_hash').primaryKey(),
  kind: text('kind', { enum: ['setup', 'invite'] }).notNull(),
  officeId: text('office_id').notNull(),
  role: text('role', { enum: ['admin', 'member'] }).notNull(),
  /** For setup codes: the office's name and postcodes (JSON), as the certificate will name them. */
  officeName: text('office_name'),
  postcodes: text('postcodes', { mode: 'json' }).$type<string[]>(),
  /** For setup codes of offices whose keys already exist: the keys, sealed under the code. */
  bundle: text('bundle'),
  createdBy: text('created_by'),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/** An office identity key waiting for the deployment's certificate (npm run office:certify). */
export const officeCertificateRequests = sqliteTable('office_certificate_requests', {
  officeId: text('office_id').primaryKey(),
  name: text('name').notNull(),
  postcodes: text('postcodes', { mode: 'json' }).$type<string[]>().notNull(),
  signingKey: text('signing_key').notNull(),
  requestedBy: text('requested_by').notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * A new office identity key waiting for the deployment's certificate after a rotation request
 * (protocol/office-rotation.ts): the request signed by the present identity key, one per office.
 */
export const officeRotations = sqliteTable('office_rotations', {
  officeId: text('office_id')
    .primaryKey()
    .references(() => offices.id),
  nextKey: text('next_key').notNull(),
  request: text('request', { mode: 'json' }).$type<RotationRequest>().notNull(),
  /** The records of days begun, signed by the new key: the certification puts them in place at once. */
  records: text('records', { mode: 'json' }).$type<DailyKey[]>().notNull(),
  requestedBy: text('requested_by').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Office private keys sealed to one employee's device key (protocol/office-keyring.ts). */
export const officeKeyGrants = sqliteTable(
  'office_key_grants',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    keyId: text('key_id').notNull(),
    officeId: text('office_id').notNull(),
    /** The daily key's day; null for the identity key. Grants of days past retention are deleted. */
    day: text('day'),
    sealed: text('sealed').notNull(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.keyId] }), index('office_key_grants_day').on(table.day)],
);

/**
 * A case: the office's file number and the index case's visits (venue and time, which the
 * requests reveal to the server anyway); no name or contact data of anyone.
 */
export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    reference: text('reference').notNull(),
    /** JSON [{ venueId, from, to }] from the decrypted history. */
    visits: text('visits', { mode: 'json' }).$type<CaseVisit[]>().notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    closedAt: integer('closed_at'),
    /** What the case rests on: a TAN this office redeemed for it, or a visit another office forwarded. */
    sourceTransferId: text('source_transfer_id'),
    sourceForwardId: text('source_forward_id'),
  },
  (table) => [
    index('cases_office').on(table.officeId),
    uniqueIndex('cases_transfer').on(table.sourceTransferId),
    uniqueIndex('cases_forward').on(table.sourceForwardId),
  ],
);

/**
 * The office's progress per contact person, by check-in id and the person's place in that
 * check-in's group (0: the one who checked in, 1 … 9: their companions, in the order the inner
 * layer lists them); the persons themselves are only in ciphertext. Rows from before groups
 * (migration 0014) are person 0.
 */
export const caseContacts = sqliteTable(
  'case_contacts',
  {
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    checkInId: text('checkin_id').notNull(),
    person: integer('person').notNull().default(0),
    status: text('status', { enum: ['to_call', 'reached', 'unreachable'] }).notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.caseId, table.checkInId, table.person] })],
);

/** A visit at a venue of another office, signed by the requesting office, in the other office's inbox. */
export const forwards = sqliteTable(
  'forwards',
  {
    id: text('id').primaryKey(),
    fromOfficeId: text('from_office_id').notNull(),
    toOfficeId: text('to_office_id').notNull(),
    caseId: text('case_id').notNull(),
    /** The signed request as JSON, naming the venue of the other office. */
    request: text('request', { mode: 'json' }).$type<DataRequest>().notNull(),
    createdAt: integer('created_at').notNull(),
    /** The receiving office's own case, once taken over. */
    takenCaseId: text('taken_case_id'),
  },
  (table) => [index('forwards_to').on(table.toOfficeId)],
);

/** The hash-chained audit log, one chain per office (protocol/audit-log.ts). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    officeId: text('office_id').notNull(),
    seq: integer('seq').notNull(),
    venueId: text('venue_id').notNull(),
    caseId: text('case_id').notNull(),
    /** The signed, linked entry as JSON, served verbatim. */
    entry: text('entry', { mode: 'json' }).$type<ChainedAuditEntry>().notNull(),
    hash: text('hash').notNull(),
    /** The actor's signature: unique, so one signed statement cannot be appended twice. */
    signature: text('signature').notNull().default(''),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.officeId, table.seq] }),
    index('audit_log_venue').on(table.venueId),
    // A case's entries (the retention job dates a case's last step by its newest one), and the checkpoints (case '').
    index('audit_log_case').on(table.caseId, table.officeId),
    uniqueIndex('audit_log_signature').on(table.signature),
  ],
);

/**
 * The newest chain head each employee signed (protocol/audit-head.ts), one per employee of an
 * office: the office's devices compare them with the chain they verified, so a fork or a cut
 * after a head another device saw shows. The server can only withhold a head, not change it.
 */
export const auditHeads = sqliteTable(
  'audit_heads',
  {
    officeId: text('office_id').notNull(),
    employeeId: text('employee_id').notNull(),
    seq: integer('seq').notNull(),
    /** The signed head as JSON, served verbatim. */
    head: text('head', { mode: 'json' }).$type<SignedAuditHead>().notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.officeId, table.employeeId] })],
);

/**
 * Warnings an office sent (trust model 15), stored as signed with their withdrawal: the feed
 * carries them sealed per (venue, day); the office's case view reads them back with their reads.
 */
export const warnings = sqliteTable(
  'warnings',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull(),
    caseId: text('case_id').notNull(),
    venueId: text('venue_id').notNull(),
    /** The signed warning as JSON (protocol/warning.ts). */
    warning: text('warning', { mode: 'json' }).$type<Warning>().notNull(),
    withdrawal: text('withdrawal', { mode: 'json' }).$type<Withdrawal>(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('warnings_case').on(table.caseId), index('warnings_office_created').on(table.officeId, table.createdAt)],
);

/**
 * The public feed (protocol/warning-feed.ts): a tag, a day and a sealed body per entry. `seq`
 * autoincrements and is never reused after the retention job deletes rows, so cursors stay valid.
 */
export const warningFeed = sqliteTable(
  'warning_feed',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    tag: text('tag').notNull(),
    day: text('day').notNull(),
    body: text('body').notNull(),
    /** Not served: what the retention job and a withdrawal find the rows by. */
    warningId: text('warning_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('warning_feed_created').on(table.createdAt)],
);

/** "Read at T" for one check-in and one warning (trust model 16): no other link between check-ins. */
export const warningReads = sqliteTable(
  'warning_reads',
  {
    warningId: text('warning_id').notNull(),
    checkInId: text('checkin_id').notNull(),
    readAt: integer('read_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.warningId, table.checkInId] }), index('warning_reads_checkin').on(table.checkInId)],
);

/** Each office's advice per level and its contact, which its warning form starts from. */
export const officeWarningTexts = sqliteTable('office_warning_texts', {
  officeId: text('office_id').primaryKey(),
  texts: text('texts', { mode: 'json' }).$type<WarningTexts>().notNull(),
  updatedAt: integer('updated_at').notNull(),
});
