/**
 * The D1 schema. What is here is exactly what the server may know (DESIGN.md trust model 1):
 * public certificates, keys and venue cards, and per check-in only a random id, the venue, the
 * office key id, coarse times, the outer ciphertext and the hash of the checkout secret. No
 * account, device, IP address or user agent is ever stored with a check-in.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const offices = sqliteTable('offices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The root-signed certificate as JSON, served verbatim so clients verify what was signed. */
  certificate: text('certificate').notNull(),
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
    record: text('record').notNull(),
  },
  (table) => [index('office_daily_keys_office_day').on(table.officeId, table.day)],
);

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
    card: text('card').notNull(),
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
    allowedOrigins: text('allowed_origins').notNull().default('[]'),
  },
  (table) => [uniqueIndex('venues_code').on(table.code), index('venues_operator').on(table.operatorId)],
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
 * to that office's daily key on the guest's device; the TAN is stored only as its SHA-256.
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
    /** Redemptions naming another office; the TAN is locked after a few. */
    failedAttempts: integer('failed_attempts').notNull().default(0),
    redeemedAt: integer('redeemed_at'),
  },
  (table) => [uniqueIndex('transfers_tan_hash').on(table.tanHash), index('transfers_expires').on(table.expiresAt)],
);

/** People who sign in: venue operators now, health-office employees later (role). */
export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  role: text('role', { enum: ['venue'] }).notNull(),
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
    transports: text('transports').notNull().default('[]'),
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
  purpose: text('purpose', { enum: ['register', 'login', 'add-passkey'] }).notNull(),
  challenge: text('challenge').notNull(),
  /** For register: the pending account's id, name and user handle as JSON; for add-passkey: the account id. */
  subject: text('subject'),
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
    request: text('request').notNull(),
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
  (table) => [index('data_requests_venue').on(table.venueId), index('data_requests_office').on(table.officeId)],
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
