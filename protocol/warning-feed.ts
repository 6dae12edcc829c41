/**
 * The public warning feed (trust model 19; PROTOCOL.md "Warnings"). Every app fetches the same
 * feed, so the server learns nothing about a guest's visits from the fetch; an entry tells a
 * reader which venue it concerns only if the reader already knows the venue's id:
 *
 *   tag   = SHA-256(encodeFields("luca-next/v1/warning-tag", venueId, day))[0..16]
 *   key   = HKDF-SHA256(IKM = encodeFields("luca-next/v1/warning-key", venueId, day), salt = "",
 *                       info = "luca-next/v1/warning-body", L = 32)            (AES-256-GCM)
 *   body  = nonce (12 random bytes) ‖ AES-GCM(key, nonce, pad512(JSON{v:1, kind, warning|withdrawal}),
 *                       AD = encodeFields("luca-next/v1/warning-entry", tag, day))
 *   entry = {seq, tag, day, body}                     (tag and body base64url; day: UTC, YYYY-MM-DD)
 *
 * A warning or withdrawal gets one entry for each UTC day its window, extended by the late
 * arrivals (LATE_ARRIVAL_MS), touches: a stay overlapping that window shares at least one day with
 * it, so a guest finds it by computing the tags of the (venue, day) pairs of its own history.
 */
import * as v from 'valibot';
import {
  type Bytes,
  ProtocolError,
  concat,
  encodeFields,
  fromBase64Url,
  fromUtf8,
  randomBytes,
  sha256,
  toBase64Url,
  utf8,
} from './bytes.ts';
import { DAY_MS, addDays, dayOf } from './time.ts';
import { LATE_ARRIVAL_MS, type Warning, WarningSchema, type Withdrawal, WithdrawalSchema } from './warning.ts';
import { DaySchema, base64url } from './wire-primitives.ts';

const TAG_LABEL = 'luca-next/v1/warning-tag';
const KEY_LABEL = 'luca-next/v1/warning-key';
const KEY_INFO = 'luca-next/v1/warning-body';
const AD_LABEL = 'luca-next/v1/warning-entry';
const NONCE_LENGTH = 12;
/** Plaintexts are padded to a multiple of this, so an entry's length says little about its texts. */
export const FEED_PAD_BLOCK = 512;
/** Far above a warning with the longest texts (about 2.3 KB of JSON). */
export const MAX_FEED_BODY_LENGTH = 6000;

/** 16 bytes, base64url. */
export const FeedTagSchema = base64url(22, 22);

export const FeedEntrySchema = v.strictObject({
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  tag: FeedTagSchema,
  day: DaySchema,
  /**
   * base64url, checked strictly (protocol/bytes.ts) only when a guest opens the entry: an app
   * checks every page of the feed against this schema, and a regular expression over 28,000
   * bodies of 2 KB is half a second on a throttled phone (bench/warning-match.ts); a body that is
   * not base64url fails to open like any altered one.
   */
  body: v.pipe(v.string(), v.minLength(100), v.maxLength(MAX_FEED_BODY_LENGTH)),
});
export type FeedEntry = v.InferOutput<typeof FeedEntrySchema>;

const FeedBodySchema = v.variant('kind', [
  v.strictObject({ v: v.literal(1), kind: v.literal('warning'), warning: WarningSchema }),
  v.strictObject({ v: v.literal(1), kind: v.literal('withdrawal'), withdrawal: WithdrawalSchema }),
]);
export type FeedBody = v.InferOutput<typeof FeedBodySchema>;

export async function warningTag(venueId: string, day: string): Promise<string> {
  return toBase64Url((await sha256(encodeFields(TAG_LABEL, venueId, day))).slice(0, 16));
}

async function bodyKey(venueId: string, day: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', encodeFields(KEY_LABEL, venueId, day), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(KEY_INFO) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The UTC days a window touches, once the late arrivals are added: the days it is published under. */
export function warningDays(window: { from: number; to: number }): string[] {
  return daysBetween(window.from, window.to + LATE_ARRIVAL_MS);
}

/** Every UTC day from the day of `from` to the day of `to`, in order. */
export function daysBetween(from: number, to: number): string[] {
  const days = [dayOf(from)];
  const last = dayOf(Math.max(from, to));
  // A window is at most a few days long; the cap keeps a nonsense input from looping long.
  while (days.length < 10 && days[days.length - 1] !== last) days.push(addDays(days[days.length - 1] ?? last, 1));
  return days;
}

function pad(json: string): Bytes {
  const bytes = utf8(json);
  const length = Math.ceil((bytes.length + 1) / FEED_PAD_BLOCK) * FEED_PAD_BLOCK;
  const out = new Uint8Array(length).fill(0x20);
  out.set(bytes);
  return out;
}

/** Seals one feed entry's body for a (venue, day); the Worker calls this for each day of a warning. */
export async function sealFeedBody(venueId: string, day: string, body: FeedBody): Promise<{ tag: string; day: string; body: string }> {
  const tag = await warningTag(venueId, day);
  const nonce = randomBytes(NONCE_LENGTH);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: nonce, additionalData: encodeFields(AD_LABEL, tag, day) },
      await bodyKey(venueId, day),
      pad(JSON.stringify(body)),
    ),
  );
  return { tag, day, body: toBase64Url(concat(nonce, ciphertext)) };
}

/** The entries of a warning or a withdrawal, one per day its window touches. */
export async function feedEntriesFor(
  item: { kind: 'warning'; warning: Warning } | { kind: 'withdrawal'; withdrawal: Withdrawal; window: { from: number; to: number } },
): Promise<{ tag: string; day: string; body: string }[]> {
  const venueId = item.kind === 'warning' ? item.warning.venueId : item.withdrawal.venueId;
  const window = item.kind === 'warning' ? item.warning : item.window;
  const body: FeedBody =
    item.kind === 'warning' ? { v: 1, kind: 'warning', warning: item.warning } : { v: 1, kind: 'withdrawal', withdrawal: item.withdrawal };
  return Promise.all(warningDays(window).map((day) => sealFeedBody(venueId, day, body)));
}

/**
 * Opens an entry with the venue id the reader knows. Anything that does not decrypt under that
 * (venue, day), or is not a well-formed body about that venue, is `decryption_failed` alike: an
 * entry the server altered or moved to another tag or day.
 */
export async function openFeedEntry(venueId: string, entry: Pick<FeedEntry, 'tag' | 'day' | 'body'>): Promise<FeedBody> {
  const fail = () => new ProtocolError('decryption_failed', 'the feed entry does not open');
  let bytes: Bytes;
  try {
    bytes = fromBase64Url(entry.body);
  } catch {
    throw fail();
  }
  if (bytes.length < NONCE_LENGTH + 16) throw fail();
  let plaintext: Bytes;
  try {
    plaintext = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(0, NONCE_LENGTH), additionalData: encodeFields(AD_LABEL, entry.tag, entry.day) },
        await bodyKey(venueId, entry.day),
        bytes.slice(NONCE_LENGTH),
      ),
    );
  } catch {
    throw fail();
  }
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(plaintext));
  } catch {
    throw fail();
  }
  const parsed = v.safeParse(FeedBodySchema, json);
  if (!parsed.success) throw fail();
  const body = parsed.output;
  const bodyVenue = body.kind === 'warning' ? body.warning.venueId : body.withdrawal.venueId;
  if (bodyVenue !== venueId) throw fail();
  if (body.kind === 'warning' && !warningDays(body.warning).includes(entry.day)) throw fail();
  return body;
}

/** A stay in the guest's history, as matching needs it. */
export interface VisitForMatching {
  checkInId: string;
  venueId: string;
  arrivedAt: number;
  /** The departure, or for an open stay the time it would end (now, or the venue's default stay). */
  end: number;
}

/**
 * The matching rule: a stay overlaps the warned window if it began no later than LATE_ARRIVAL_MS
 * after the window ended, and ended no earlier than the window began. Stays longer than a day
 * count as a day (an app never makes one longer).
 */
export function visitOverlaps(window: { from: number; to: number }, visit: Pick<VisitForMatching, 'arrivedAt' | 'end'>): boolean {
  const end = Math.min(Math.max(visit.end, visit.arrivedAt), visit.arrivedAt + DAY_MS);
  return visit.arrivedAt <= window.to + LATE_ARRIVAL_MS && end >= window.from;
}

/** tag → the (venue, day) pair it stands for, for every day of every stay of the history. */
export async function tagIndex(visits: readonly VisitForMatching[]): Promise<Map<string, { venueId: string; day: string }>> {
  const pairs = new Map<string, { venueId: string; day: string }>();
  for (const visit of visits) {
    for (const day of daysBetween(visit.arrivedAt, Math.min(visit.end, visit.arrivedAt + DAY_MS)))
      pairs.set(`${visit.venueId} ${day}`, { venueId: visit.venueId, day });
  }
  const index = new Map<string, { venueId: string; day: string }>();
  await Promise.all(
    [...pairs.entries()].map(async ([key, pair]) => {
      let tag = knownTags.get(key);
      if (tag === undefined) {
        tag = await warningTag(pair.venueId, pair.day);
        if (knownTags.size >= KNOWN_TAGS_LIMIT) knownTags.clear();
        knownTags.set(key, tag);
      }
      index.set(tag, pair);
    }),
  );
  return index;
}

/**
 * Tags already computed in this page, by venue and day: the app refreshes every 30 s while open,
 * and a history's (venue, day) pairs rarely change between two refreshes, so only the first
 * refresh hashes them all. Bounded: 28 days of a busy history are a few hundred pairs.
 */
const knownTags = new Map<string, string>();
const KNOWN_TAGS_LIMIT = 4096;

export interface CandidateEntry {
  entry: FeedEntry;
  venueId: string;
}

/** The entries whose tag is one of the history's: the only ones the app opens. */
export function candidateEntries(
  entries: readonly FeedEntry[],
  index: ReadonlyMap<string, { venueId: string; day: string }>,
): CandidateEntry[] {
  const found: CandidateEntry[] = [];
  for (const entry of entries) {
    const pair = index.get(entry.tag);
    if (pair && pair.day === entry.day) found.push({ entry, venueId: pair.venueId });
  }
  return found;
}

/** The history's stays a (verified) warning concerns. */
export function exposedVisits<T extends VisitForMatching>(warning: Pick<Warning, 'venueId' | 'from' | 'to'>, visits: readonly T[]): T[] {
  return visits.filter((visit) => visit.venueId === warning.venueId && visitOverlaps(warning, visit));
}
