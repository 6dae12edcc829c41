/**
 * The D1 schema. What is here is exactly what the server may know (DESIGN.md trust model 1):
 * public certificates, keys and venue cards, and per check-in only a random id, the venue, the
 * office key id, coarse times, the outer ciphertext and the hash of the checkout secret. No
 * account, device, IP address or user agent is ever stored with a check-in.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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

export const venues = sqliteTable('venues', {
  id: text('id').primaryKey(),
  officeId: text('office_id')
    .notNull()
    .references(() => offices.id),
  /** The venue-signed card as JSON. */
  card: text('card').notNull(),
  createdAt: integer('created_at').notNull(),
});

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
