/**
 * The guest's warning checks against a dishonest server (trust model 19, 20): the feed is a fake
 * the test controls, the store memory. Only warnings that open under a venue of the history,
 * verify up to the pinned root and overlap a stay are kept; an altered entry, one signed by a key
 * the office never certified and a withdrawal by a stranger change nothing. "Verstanden" sends one
 * request per stay, each with that stay's own secret.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { type EmployeeCertificate, issueEmployeeCertificate } from '../../protocol/data-request.ts';
import { newId } from '../../protocol/ids.ts';
import { generateKeyPair, importPrivateJwk } from '../../protocol/keys.ts';
import { type ProvisionedOffice, type RootKey, createCertifiedOffice, createRootKey } from '../../protocol/provisioning.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../protocol/time.ts';
import { issueRevocationState } from '../../protocol/revocation.ts';
import { type Warning, type WarningOffice, signWarning, signWithdrawal } from '../../protocol/warning.ts';
import { type FeedEntry, feedEntriesFor } from '../../protocol/warning-feed.ts';
import type { ReceivedWarning, Stay, WarningFeedState } from './guest-store.ts';
import { type WarningDependencies, acknowledgeWarning, refreshWarnings } from './warning-service.ts';

const now = Date.now();
let root: RootKey;
let office: ProvisionedOffice;
/** The office as the directory serves it: certificate and a fresh revocation state. */
let trust: WarningOffice;
let employee: EmployeeCertificate;
let employeeKey: CryptoKey;
const venueId = newId();
const otherVenue = newId();

function stay(fields: Partial<Stay>): Stay {
  return {
    id: newId(),
    payload: { venueId, officeId: 'o'.repeat(22), encryptionKey: 'k', signingKeyPin: 'p' },
    verified: true,
    venueId,
    officeId: 'o'.repeat(22),
    venueName: 'Zur Linde',
    venueAddress: 'Torstraße 1',
    arrivedAt: now - 5 * HOUR_MS,
    defaultStayMinutes: 120,
    departedAt: now - 3 * HOUR_MS,
    checkoutSecret: toBase64Url(new Uint8Array(32).fill(7)),
    checkIn: 'sent',
    ...fields,
  };
}

beforeAll(async () => {
  root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Mitte',
    postcodes: ['10115'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  const revocation = await issueRevocationState(await importPrivateJwk(office.signingPrivateJwk, 'signing'), {
    officeId: office.certificate.officeId,
    serial: 1,
    issuedAt: now - HOUR_MS,
    revoked: [],
  });
  trust = { certificate: office.certificate, revocation, highestSerialSeen: 0 };
  const pair = await generateKeyPair('signing');
  employee = await issueEmployeeCertificate(await importPrivateJwk(office.signingPrivateJwk, 'signing'), {
    officeId: office.certificate.officeId,
    employeeId: newId(),
    name: 'Dr. Anna Weber',
    signingKey: pair.publicKey,
    deviceKey: toBase64Url(new Uint8Array(65).fill(4)),
    role: 'member',
    notBefore: now - DAY_MS,
    notAfter: now + 29 * DAY_MS, // certificates live at most 30 days (protocol/revocation.ts)
  });
  employeeKey = pair.privateKey;
});

function warn(fields: Partial<Warning> = {}, key = employeeKey) {
  return signWarning(key, employee, {
    warningId: newId(),
    caseId: newId(),
    venueId,
    from: now - 4 * HOUR_MS,
    to: now - 3.5 * HOUR_MS,
    level: 2,
    advice: { de: 'Bitte testen lassen.', en: 'Please get tested.' },
    contact: { phone: '030 9018 0', hours: 'Mo–Fr 8–16 Uhr' },
    createdAt: now,
    ...fields,
  });
}

function world(stays: Stay[]) {
  const feed: FeedEntry[] = [];
  const warnings = new Map<string, ReceivedWarning>();
  let state: WarningFeedState = { cursor: 0 };
  const rejected: FeedEntry[] = [];
  let heads = 0;
  const deps: WarningDependencies = {
    root: fromBase64Url(root.publicKey),
    fetchFeed: (after) => {
      const entries = feed.filter((entry) => entry.seq > after).slice(0, 2);
      return Promise.resolve({
        entries,
        cursor: entries.at(-1)?.seq ?? after,
        more: feed.some((entry) => entry.seq > (entries.at(-1)?.seq ?? after)),
      });
    },
    fetchHead: () => {
      heads += 1;
      return Promise.resolve(feed.length);
    },
    office: () => Promise.resolve(trust),
    store: {
      stays: () => Promise.resolve(stays),
      warning: (id) => Promise.resolve(warnings.get(id)),
      saveWarning: (received) => Promise.resolve(void warnings.set(received.warning.warningId, received)),
      feedState: () => Promise.resolve(state),
      saveFeedState: (next) => Promise.resolve(void (state = next)),
    },
    now: () => now,
    onRejected: (entry) => rejected.push(entry),
  };
  const publish = async (item: Parameters<typeof feedEntriesFor>[0]) => {
    for (const entry of await feedEntriesFor(item)) feed.push({ ...entry, seq: feed.length + 1 });
  };
  return { deps, feed, warnings, publish, rejected, state: () => state, heads: () => heads };
}

describe('warning checks on the device', () => {
  it('starts a device without stays at the head, fetching none of the older entries', async () => {
    const stays: Stay[] = [];
    const { deps, publish, state, heads } = world(stays);
    await publish({ kind: 'warning', warning: await warn() });
    expect(await refreshWarnings(deps)).toEqual({ added: [], withdrawn: [] });
    expect(heads()).toBe(1);
    expect(state().cursor).toBe(1);
    // With a stay, the next check reads from there on.
    stays.push(stay({}));
    const later = await warn();
    await publish({ kind: 'warning', warning: later });
    expect((await refreshWarnings(deps)).added.map((item) => item.warning.warningId)).toEqual([later.warningId]);
    expect(heads()).toBe(1);
  });

  it('keeps exactly the verified warnings that overlap a stay, and pages through the feed', async () => {
    const a = stay({});
    const left = stay({ arrivedAt: now - 8 * HOUR_MS, departedAt: now - 6 * HOUR_MS });
    const { deps, publish, warnings, state } = world([a, left]);
    const exposing = await warn();
    await publish({ kind: 'warning', warning: exposing });
    await publish({ kind: 'warning', warning: await warn({ venueId: otherVenue }) });
    await publish({ kind: 'warning', warning: await warn({ from: now - 2 * HOUR_MS, to: now - HOUR_MS }) });
    const result = await refreshWarnings(deps);
    expect(result.added.map((item) => item.warning.warningId)).toEqual([exposing.warningId]);
    expect(warnings.get(exposing.warningId)?.checkInIds).toEqual([a.id]);
    expect(state().cursor).toBe(3);
    // A second run starts at the cursor and finds nothing new.
    expect((await refreshWarnings(deps)).added).toEqual([]);
  });

  it('shows nothing a dishonest server altered or made with a key the office never certified', async () => {
    const { deps, feed, publish, warnings, rejected } = world([stay({})]);
    await publish({ kind: 'warning', warning: await warn() });
    const entry = feed[0];
    if (!entry) throw new Error('no entry');
    const bytes = fromBase64Url(entry.body);
    bytes[60] = (bytes[60] ?? 0) ^ 0x10;
    feed[0] = { ...entry, body: toBase64Url(bytes) };
    const rogue = await generateKeyPair('signing');
    await publish({ kind: 'warning', warning: await warn({}, rogue.privateKey) });
    // The server knows the venue id, so it can seal a well-formed body: only the signature stops it.
    const honest = await warn();
    await publish({ kind: 'warning', warning: { ...honest, advice: { de: 'Kein Grund zur Sorge.', en: 'No need to worry.' } } });
    const result = await refreshWarnings(deps);
    expect(result.added).toEqual([]);
    expect(warnings.size).toBe(0);
    expect(rejected).toHaveLength(3);
  });

  it('marks a warning withdrawn only by a verified withdrawal of the same office', async () => {
    const { deps, publish, warnings } = world([stay({})]);
    const warning = await warn();
    await publish({ kind: 'warning', warning });
    await refreshWarnings(deps);
    const rogue = await generateKeyPair('signing');
    const forged = await signWithdrawal(rogue.privateKey, employee, { warningId: warning.warningId, venueId, withdrawnAt: now });
    await publish({ kind: 'withdrawal', withdrawal: forged, window: warning });
    expect((await refreshWarnings(deps)).withdrawn).toEqual([]);
    expect(warnings.get(warning.warningId)?.withdrawnAt).toBeUndefined();
    const real = await signWithdrawal(employeeKey, employee, { warningId: warning.warningId, venueId, withdrawnAt: now });
    await publish({ kind: 'withdrawal', withdrawal: real, window: warning });
    expect((await refreshWarnings(deps)).withdrawn).toHaveLength(1);
    expect(warnings.get(warning.warningId)?.withdrawnAt).toBe(now);
  });

  it('counts a stay without checkout until the venue’s default stay, and one arriving 30 minutes after the window', async () => {
    const open = stay({ arrivedAt: now - 4.5 * HOUR_MS, departedAt: undefined, defaultStayMinutes: 60 });
    const late = stay({ arrivedAt: now - 3.5 * HOUR_MS + 29 * MINUTE_MS, departedAt: now - HOUR_MS });
    const tooLate = stay({ arrivedAt: now - 3.5 * HOUR_MS + 31 * MINUTE_MS, departedAt: now - HOUR_MS });
    const { deps, publish, warnings } = world([open, late, tooLate]);
    const warning = await warn();
    await publish({ kind: 'warning', warning });
    await refreshWarnings(deps);
    expect(warnings.get(warning.warningId)?.checkInIds.sort()).toEqual([open.id, late.id].sort());
  });
});

describe('"Verstanden"', () => {
  it('sends one request per stay with that stay’s own secret, and finishes later what failed', async () => {
    const first = stay({ checkoutSecret: toBase64Url(new Uint8Array(32).fill(1)) });
    const second = stay({ checkoutSecret: toBase64Url(new Uint8Array(32).fill(2)) });
    const warning = await warn();
    const store = new Map<string, ReceivedWarning>([
      [
        warning.warningId,
        { warning, officeName: 'GA', checkInIds: [first.id, second.id], receivedAt: now, notified: true, acknowledged: [] },
      ],
    ]);
    const sent: [string, string, string][] = [];
    const pauses: number[] = [];
    let failSecond = true;
    const deps = {
      stays: (id: string) => Promise.resolve([first, second].find((item) => item.id === id)),
      warning: (id: string) => Promise.resolve(store.get(id)),
      saveWarning: (received: ReceivedWarning) => Promise.resolve(void store.set(received.warning.warningId, received)),
      send: (warningId: string, checkInId: string, secret: string) => {
        if (checkInId === second.id && failSecond) return Promise.reject(new Error('offline'));
        sent.push([warningId, checkInId, secret]);
        return Promise.resolve();
      },
      pause: (ms: number) => Promise.resolve(void pauses.push(ms)),
      random: () => 0.5,
    };
    await expect(acknowledgeWarning(warning.warningId, deps, now)).rejects.toThrow('offline');
    expect(store.get(warning.warningId)?.readAt).toBe(now);
    expect(store.get(warning.warningId)?.acknowledged).toEqual([first.id]);
    failSecond = false;
    await acknowledgeWarning(warning.warningId, deps, now + 1000);
    expect(sent).toEqual([
      [warning.warningId, first.id, first.checkoutSecret],
      [warning.warningId, second.id, second.checkoutSecret],
    ]);
    // A further stay's request waits its own random pause.
    expect(pauses).toEqual([10_000]);
    expect(store.get(warning.warningId)?.readAt).toBe(now);
  });
});
