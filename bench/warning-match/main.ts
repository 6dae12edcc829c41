/**
 * The warning-matching bench page (built by bench/warning-match.ts with Vite, driven by Chromium):
 * `prepareWarningBench` makes a feed at Germany's 2021 scale (days × perDay entries, each with its
 * own tag; bodies of real size) with a few real, signed warnings for the guest's own visits among
 * them, and a 28-day history; `measureWarningMatch` then does what the guest app does with a
 * fetched feed: check each page against the route's schema (client/api.ts), compute the history's
 * tags, open the entries whose tag matches, verify them up to the root, and keep the overlapping
 * ones. The driver turns on CPU throttling between the two.
 */
import * as v from 'valibot';
import { issueRevocationState } from '../../protocol/revocation.ts';
import { warningRoutes } from '../../protocol/api/warnings.ts';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { issueEmployeeCertificate } from '../../protocol/data-request.ts';
import { newId } from '../../protocol/ids.ts';
import { generateKeyPair, importPrivateJwk } from '../../protocol/keys.ts';
import { createCertifiedOffice, createRootKey } from '../../protocol/provisioning.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, addDays, dayOf, startOfDay } from '../../protocol/time.ts';
import { type WarningOffice, signWarning, verifyWarning } from '../../protocol/warning.ts';
import {
  type FeedEntry,
  type VisitForMatching,
  candidateEntries,
  exposedVisits,
  feedEntriesFor,
  openFeedEntry,
  sealFeedBody,
  tagIndex,
  warningTag,
} from '../../protocol/warning-feed.ts';
import type { OfficeCertificate } from '../../protocol/hierarchy.ts';

export interface WarningBenchOptions {
  days: number;
  perDay: number;
  visits: number;
  /** Real warnings for the guest's visits hidden in the feed. */
  matches: number;
}

export interface WarningBenchSetup {
  entries: number;
  pages: number;
  feedBytes: number;
  feedGzipBytes: number;
  perEntryBytes: number;
}

export interface WarningMatchFigures {
  schemaMs: number;
  matchMs: number;
  tagsMs: number;
  lookupMs: number;
  found: number;
  candidates: number;
}

let pages: string[] = [];
let visits: VisitForMatching[] = [];
let root: Uint8Array<ArrayBuffer>;
let office: OfficeCertificate;
/** The office as the guest app knows it: certificate and a fresh revocation state (checked with every warning). */
let trust: WarningOffice;

async function gzipLength(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function prepare(options: WarningBenchOptions): Promise<WarningBenchSetup> {
  const now = Date.now();
  const rootKey = await createRootKey();
  root = fromBase64Url(rootKey.publicKey);
  const provisioned = await createCertifiedOffice(rootKey, {
    name: 'Gesundheitsamt Bench',
    postcodes: ['10115'],
    notBefore: now - 40 * DAY_MS,
    validDays: 365,
  });
  office = provisioned.certificate;
  const revocation = await issueRevocationState(await importPrivateJwk(provisioned.signingPrivateJwk, 'signing'), {
    officeId: office.officeId,
    serial: 1,
    issuedAt: now,
    revoked: [],
  });
  trust = { certificate: office, revocation, highestSerialSeen: 0 };
  const signing = await generateKeyPair('signing');
  const employee = await issueEmployeeCertificate(await importPrivateJwk(provisioned.signingPrivateJwk, 'signing'), {
    officeId: office.officeId,
    employeeId: newId(),
    name: 'Dr. Bench',
    signingKey: signing.publicKey,
    deviceKey: toBase64Url(new Uint8Array(65).fill(4)),
    role: 'member',
    // Valid over the feed's 28 days, within the 30 days a certificate may live (protocol/revocation.ts).
    notBefore: now - 29 * DAY_MS,
    notAfter: now + DAY_MS,
  });
  // The guest's history: `visits` stays of 1-3 h over the days, at 60 venues (regulars come back).
  const venues = Array.from({ length: 60 }, () => newId());
  const today = dayOf(now);
  visits = Array.from({ length: options.visits }, (_, i) => {
    const day = addDays(today, -Math.floor((i * options.days) / options.visits) - 1);
    const arrivedAt = startOfDay(day) + (10 + (i % 10)) * HOUR_MS;
    return { checkInId: newId(), venueId: venues[i % venues.length] ?? '', arrivedAt, end: arrivedAt + (1 + (i % 3)) * HOUR_MS };
  });
  // One real body (other venues' warnings are opaque to this guest: only their size matters).
  const template = await signWarning(signing.privateKey, employee, {
    warningId: newId(),
    caseId: newId(),
    venueId: newId(),
    from: now - 3 * HOUR_MS,
    to: now - 2 * HOUR_MS,
    level: 2,
    advice: {
      de: 'Lassen Sie sich bitte in den nächsten Tagen testen und reduzieren Sie Ihre Kontakte, bis Sie ein negatives Ergebnis haben.',
      en: 'Please get tested in the next few days and reduce your contacts until you have a negative result.',
    },
    contact: { phone: '030 9018 0', hours: 'Mo–Fr 8–16 Uhr' },
    createdAt: now,
  });
  // Other venues' bodies are ciphertext this guest cannot open: random bytes of a real body's length (so gzip sees what it would).
  const fillerLength = fromBase64Url(
    (await sealFeedBody(template.venueId, dayOf(now), { v: 1, kind: 'warning', warning: template })).body,
  ).length;
  const filler = () => toBase64Url(crypto.getRandomValues(new Uint8Array(fillerLength)));
  const entries: Omit<FeedEntry, 'seq'>[] = [];
  for (let d = 0; d < options.days; d++) {
    const day = addDays(today, -d - 1);
    for (let i = 0; i < options.perDay; i++) entries.push({ tag: await warningTag(newId(), day), day, body: filler() });
  }
  // The guest's own: warnings over some of its visits, signed and sealed as the Worker would.
  for (let m = 0; m < options.matches; m++) {
    const visit = visits[(m * 37) % visits.length];
    if (!visit) continue;
    const warning = await signWarning(signing.privateKey, employee, {
      ...template,
      warningId: newId(),
      venueId: visit.venueId,
      from: visit.arrivedAt + 10 * MINUTE_MS,
      to: visit.arrivedAt + 70 * MINUTE_MS,
      createdAt: Math.min(now, visit.arrivedAt + DAY_MS),
    });
    for (const entry of await feedEntriesFor({ kind: 'warning', warning })) entries.splice((m * 7919) % entries.length, 0, entry);
  }
  const numbered = entries.map((entry, i) => ({ ...entry, seq: i + 1 }));
  pages = [];
  for (let i = 0; i < numbered.length; i += 1000) {
    const page = numbered.slice(i, i + 1000);
    pages.push(JSON.stringify({ entries: page, cursor: page.at(-1)?.seq ?? 0, more: i + 1000 < numbered.length }));
  }
  const feedBytes = pages.reduce((sum, page) => sum + page.length, 0);
  let feedGzipBytes = 0;
  for (const page of pages) feedGzipBytes += await gzipLength(page);
  return { entries: numbered.length, pages: pages.length, feedBytes, feedGzipBytes, perEntryBytes: feedBytes / numbered.length };
}

/** Page by page, as the app fetches and matches them (web/guest/warning-service.ts): the heap never holds the whole feed at once. */
async function measure(): Promise<WarningMatchFigures> {
  let schemaMs = 0;
  let lookupMs = 0;
  let openMs = 0;
  let found = 0;
  let candidateCount = 0;
  const now = Date.now();
  const tagStart = performance.now();
  const index = await tagIndex(visits);
  const tagsMs = performance.now() - tagStart;
  for (const page of pages) {
    const t0 = performance.now();
    const entries = v.parse(warningRoutes.feed.response, JSON.parse(page)).entries;
    const t1 = performance.now();
    const candidates = candidateEntries(entries, index);
    const t2 = performance.now();
    for (const { entry, venueId } of candidates) {
      const body = await openFeedEntry(venueId, entry);
      if (body.kind !== 'warning') continue;
      await verifyWarning(root, trust, body.warning, now);
      found += exposedVisits(body.warning, visits).length > 0 ? 1 : 0;
    }
    const t3 = performance.now();
    schemaMs += t1 - t0;
    lookupMs += t2 - t1;
    openMs += t3 - t2;
    candidateCount += candidates.length;
  }
  return { schemaMs, matchMs: tagsMs + lookupMs + openMs, tagsMs, lookupMs, found, candidates: candidateCount };
}

Object.assign(window, { prepareWarningBench: prepare, measureWarningMatch: measure });
