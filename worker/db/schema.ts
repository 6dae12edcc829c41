/**
 * The D1 schema. What is here is exactly what the server may know (DESIGN.md trust model 1):
 * public certificates, keys and venue cards, and per check-in only a random id, the venue, the
 * office key id, coarse times, the outer ciphertext and the hash of the checkout secret. No
 * account, device, IP address or user agent is ever stored with a check-in.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
  },
  (table) => [uniqueIndex('venues_code').on(table.code)],
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
