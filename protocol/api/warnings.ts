/**
 * The public side of warnings (trust model 19, 20): the feed every app fetches alike, and a
 * guest's acknowledgement of one warning for one check-in, proven by that check-in's secret.
 */
import * as v from 'valibot';
import { FeedEntrySchema } from '../warning-feed.ts';
import { Digest32Schema, IdSchema, TimeMsSchema } from '../wire-primitives.ts';
import { route } from './route.ts';

/** Entries per page of the feed: about 2 MB, so a device that was away for weeks catches up in pages. */
export const FEED_PAGE_SIZE = 1000;
/**
 * How far behind now the head cursor stays: a warning made before a stay can still concern it
 * (its window may end up to an hour after it was made, and arrivals count 30 minutes after that).
 */
export const FEED_HEAD_LAG_MS = 2 * 60 * 60_000;

export const warningRoutes = {
  /**
   * The entries after the cursor `after` (a sequence number; absent: from the oldest), oldest
   * first, at most FEED_PAGE_SIZE; `cursor` is the last entry's seq (or `after` when there is
   * none), `more` whether another page follows. Cacheable: an ETag and a short max-age.
   */
  feed: route({
    method: 'GET',
    path: '/api/warnings/feed',
    access: 'public',
    query: v.object({
      after: v.optional(v.pipe(v.string(), v.regex(/^(0|[1-9]\d{0,14})$/, 'must be a sequence number'))),
      /**
       * `head=1`: no entries, only a cursor from which a device with no stays yet can start (the
       * last entry made more than FEED_HEAD_LAG_MS ago), so a new install does not fetch weeks of
       * warnings that cannot concern it. Every such device asks the same.
       */
      head: v.optional(v.literal('1')),
    }),
    response: v.strictObject({
      entries: v.pipe(v.array(FeedEntrySchema), v.maxLength(FEED_PAGE_SIZE)),
      cursor: v.pipe(v.number(), v.integer(), v.minValue(0)),
      more: v.boolean(),
    }),
    errors: [],
  }),
  /**
   * "Verstanden" for one check-in: the secret proves the device made it. Records the time once
   * (a retry answers the first time). Unknown check-in, wrong secret, unknown or withdrawn
   * warning, and a check-in at another venue are all `read_refused`, byte for byte alike.
   */
  read: route({
    method: 'POST',
    path: '/api/warnings/:warningId/read',
    access: 'public',
    params: v.object({ warningId: IdSchema }),
    body: v.strictObject({ checkInId: IdSchema, secret: Digest32Schema }),
    response: v.strictObject({ readAt: TimeMsSchema }),
    errors: ['read_refused'],
  }),
} as const;
