/**
 * The authorization matrix: every route the Worker registers (read from the Hono app, so a new
 * route without a row fails here) × every kind of caller, each cell the status class a minimal
 * request of that caller gets. Classes: `allowed` (the guard let the caller through: a success, or,
 * on the rows marked `handler`, the route's own refusal of a body a Worker test cannot make valid,
 * such as a WebAuthn assertion), `401`, `403` and `404` (another owner's resource: the same answer
 * as one that does not exist). Every cell runs against fresh state made for it, as its caller.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../protocol/bytes.ts';
import { verifiedKeyForDay } from '../protocol/hierarchy.ts';
import { sealHistory } from '../protocol/history.ts';
import { newId } from '../protocol/ids.ts';
import { type ProvisionedVenue, createVenue } from '../protocol/provisioning.ts';
import { signActivation } from '../protocol/recovery-kit.ts';
import { generateTanSecret } from '../protocol/tan.ts';
import { DAY_MS, HOUR_MS, dayOf } from '../protocol/time.ts';
import { parseVenueCode, venueCode } from '../protocol/venue-code.ts';
import { app } from './app.ts';
import { type TestOperator, signedInOperator } from './test/accounts.ts';
import { request } from './test/http.ts';
import { type TestStaff, auditBy, redeemedFor, requestBy, sessionCookieFor, staffOf } from './test/office.ts';
import { type World, createWorld, sealFor, signedRequest, storeRequest } from './test/world.ts';

const ACTORS = ['anonymous', 'venueA', 'venueB', 'pendingA', 'employeeA', 'adminA', 'employeeB'] as const;
type ActorName = (typeof ACTORS)[number];
type Cell = 'allowed' | '401' | '403' | '404';
type Cells = Record<ActorName, Cell>;

interface Actor {
  name: ActorName;
  /** The venue operator or the office employee behind the caller; none for anonymous. */
  operator?: TestOperator;
  staff?: TestStaff;
  cookie?: string;
  /** Each caller its own address, so anonymous budgets stay apart. */
  client: string;
}

interface Call {
  path: string;
  body?: unknown;
}

interface Row {
  cells: Cells;
  call: (actor: Actor) => Promise<Call> | Call;
  /**
   * The allowed cells end in the route's own refusal, one of `codes`, not a success: a body a
   * Worker test cannot make valid (`why`), refused by the handler after the guard let it through.
   */
  handler?: { codes: readonly string[]; why: string };
}

// The patterns, written out: who gets through each kind of guard.
const EVERYONE: Cells = {
  anonymous: 'allowed',
  venueA: 'allowed',
  venueB: 'allowed',
  pendingA: 'allowed',
  employeeA: 'allowed',
  adminA: 'allowed',
  employeeB: 'allowed',
};
const ANY_ACCOUNT: Cells = { ...EVERYONE, anonymous: '401' };
/** Venue routes without a resource: every operator, for their own venues. */
const ANY_OPERATOR: Cells = {
  anonymous: '401',
  venueA: 'allowed',
  venueB: 'allowed',
  pendingA: '403',
  employeeA: '403',
  adminA: '403',
  employeeB: '403',
};
/** Venue routes on venue A's resource: another operator is told it does not exist. */
const OPERATOR_A: Cells = { ...ANY_OPERATOR, venueB: '404' };
/** Office routes without a resource: every admitted employee, for their own office. */
const ANY_STAFF: Cells = {
  anonymous: '401',
  venueA: '403',
  venueB: '403',
  pendingA: '403',
  employeeA: 'allowed',
  adminA: 'allowed',
  employeeB: 'allowed',
};
/** Office routes on office A's resource (a case, a shared history). */
const STAFF_A: Cells = { ...ANY_STAFF, employeeB: '404' };
/** Office routes for admins only. */
const ADMIN: Cells = { ...ANY_STAFF, employeeA: '403', employeeB: '403' };
/** Office routes for joined employees, admitted or not. */
const ANY_EMPLOYEE: Cells = { ...ANY_STAFF, pendingA: 'allowed' };

let world: World;
const actors = {} as Record<ActorName, Actor>;
let inviteCode = '';
const now = Date.now();

/** A session of its own for a cell that ends one (sign-out). */
async function freshCookie(actor: Actor): Promise<string | undefined> {
  const accountId = actor.staff?.accountId ?? actor.operator?.id;
  return accountId ? sessionCookieFor(accountId) : undefined;
}

async function draftOfA(): Promise<ProvisionedVenue> {
  const venue = await createVenue({
    officeId: world.office.certificate.officeId,
    name: 'Eisdiele Nord',
    street: 'Uferweg 4',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cafe',
    defaultStayMinutes: 45,
    areas: [],
  });
  const response = await request('POST', '/api/venue-admin/venues', { cookie: actors.venueA.cookie, body: { card: venue.card } });
  expect(response.status).toBe(201);
  return venue;
}

/** A case of office A, opened by its admin from a redeemed TAN. */
async function caseOfA(): Promise<string> {
  const staff = actors.adminA.staff;
  if (!staff) throw new Error('no admin');
  const caseId = newId();
  await redeemedFor(staff, caseId);
  const response = await request('POST', '/api/office/cases', {
    cookie: staff.cookie,
    body: {
      caseId,
      reference: 'GA-2026-0815',
      visits: [{ venueId: world.venue.card.venueId, from: now - 5 * HOUR_MS, to: now - 3 * HOUR_MS }],
      audit: await auditBy(staff, { kind: 'case_opened', caseId }),
    },
  });
  expect(response.status).toBe(201);
  return caseId;
}

/** A stored request of office A to venue A. */
async function requestToA(): Promise<string> {
  const stored = await signedRequest(world, world.venue, { from: now - 4 * HOUR_MS, to: now - 2 * HOUR_MS });
  await storeRequest(stored);
  return stored.requestId;
}

/** A check-in venue A released for a request of `caseId`; its id. */
async function releasedFor(caseId: string): Promise<string> {
  const stored = await signedRequest(world, world.venue, { from: now - 4 * HOUR_MS, to: now - 2 * HOUR_MS });
  await storeRequest({ ...stored, caseId });
  const checkInId = newId();
  await env.DB.prepare('INSERT INTO released_checkins (request_id, checkin_id, day, office_key_id, inner) VALUES (?, ?, ?, ?, ?)')
    .bind(stored.requestId, checkInId, dayOf(now), newId(), 'AAAA')
    .run();
  return checkInId;
}

let uploads = 0;

/** A history shared with office A; its lookup. */
async function sharedWithA(): Promise<string> {
  const key = await verifiedKeyForDay(
    world.rootPublic,
    { certificate: world.office.certificate, dailyKeys: world.office.dailyKeys.map((entry) => entry.key) },
    world.office.certificate.officeId,
    dayOf(now),
    now,
  );
  const ciphertext = await sealHistory(key, generateTanSecret(), [], now);
  // Each upload from its own address: three a minute per address is the upload budget.
  const response = await request('POST', '/api/transfers', {
    body: { officeId: key.officeId, officeKeyId: key.keyId, ciphertext },
    client: `192.0.2.${++uploads}`,
  });
  expect(response.status).toBe(201);
  return (await response.json<{ lookup: string }>()).lookup;
}

/** A check-in stored for venue A (a pre-registration two days ahead when `ahead`), with its secret. */
async function checkIn(ahead = false): Promise<{ id: string; secret: string }> {
  const sealed = await sealFor(world, world.venue, ahead ? now + 2 * DAY_MS : now - HOUR_MS);
  const { checkoutSecret, ...body } = sealed;
  const response = await request('POST', '/api/checkins', { body, client: '192.0.2.250' });
  expect(response.status).toBe(201);
  return { id: sealed.id, secret: checkoutSecret };
}

/** A signed audit entry by the caller when it is staff (another caller's entry otherwise: refused before or after the guard alike). */
async function auditFor(actor: Actor, body: Parameters<typeof auditBy>[1]) {
  const staff = actor.staff ?? actors.employeeA.staff;
  if (!staff) throw new Error('no staff');
  return auditBy(staff, body);
}

const fakeCeremony = { flowId: 'A'.repeat(22), response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} } };

const ROWS: Record<string, Row> = {
  'GET /api/health': { cells: EVERYONE, call: () => ({ path: '/api/health' }) },
  'GET /api/warnings/feed': { cells: EVERYONE, call: () => ({ path: '/api/warnings/feed' }) },
  'POST /api/warnings/:warningId/read': {
    cells: EVERYONE,
    call: () => ({ path: `/api/warnings/${newId()}/read`, body: { checkInId: newId(), secret: toBase64Url(new Uint8Array(32)) } }),
    handler: { codes: ['read_refused', 'unknown_warning'], why: 'an acknowledgement needs a stored warning and the check-in’s secret' },
  },
  'GET /api/offices': { cells: EVERYONE, call: () => ({ path: '/api/offices' }) },
  'GET /api/offices/:officeId': { cells: EVERYONE, call: () => ({ path: `/api/offices/${world.office.certificate.officeId}` }) },
  'GET /api/venues/by-code/:lookup': {
    cells: EVERYONE,
    call: async () => ({ path: `/api/venues/by-code/${parseVenueCode(await venueCode(world.venue.card)).lookup}` }),
  },
  'GET /api/venues/:venueId': { cells: EVERYONE, call: () => ({ path: `/api/venues/${world.venue.card.venueId}` }) },
  'GET /api/venues/:venueId/embedding': {
    cells: EVERYONE,
    call: () => ({ path: `/api/venues/${world.venue.card.venueId}/embedding?ancestors=${encodeURIComponent('https://luca.test')}` }),
    handler: { codes: ['origin_not_allowed'], why: 'the venue allows no website' },
  },
  'POST /api/transfers': {
    cells: EVERYONE,
    call: async () => {
      const key = await verifiedKeyForDay(
        world.rootPublic,
        { certificate: world.office.certificate, dailyKeys: world.office.dailyKeys.map((entry) => entry.key) },
        world.office.certificate.officeId,
        dayOf(now),
        now,
      );
      return {
        path: '/api/transfers',
        body: { officeId: key.officeId, officeKeyId: key.keyId, ciphertext: await sealHistory(key, generateTanSecret(), [], now) },
      };
    },
  },
  'POST /api/transfers/redeem': {
    cells: STAFF_A,
    call: async (actor) => {
      const caseId = newId();
      return {
        path: '/api/transfers/redeem',
        body: { lookup: await sharedWithA(), caseId, audit: await auditFor(actor, { kind: 'tan_redeemed', caseId }) },
      };
    },
  },
  'GET /api/auth/session': { cells: ANY_ACCOUNT, call: () => ({ path: '/api/auth/session' }) },
  'POST /api/auth/register/options': {
    cells: EVERYONE,
    call: () => ({ path: '/api/auth/register/options', body: { displayName: 'Neu' } }),
  },
  'POST /api/auth/register/verify': {
    cells: EVERYONE,
    call: () => ({ path: '/api/auth/register/verify', body: fakeCeremony }),
    handler: {
      codes: ['invalid_input', 'challenge_expired'],
      why: 'a WebAuthn response needs an authenticator, which a Worker test has not',
    },
  },
  'POST /api/auth/login/options': { cells: EVERYONE, call: () => ({ path: '/api/auth/login/options' }) },
  'POST /api/auth/login/verify': {
    cells: EVERYONE,
    call: () => ({ path: '/api/auth/login/verify', body: fakeCeremony }),
    handler: {
      codes: ['invalid_input', 'challenge_expired'],
      why: 'a WebAuthn response needs an authenticator, which a Worker test has not',
    },
  },
  'POST /api/auth/logout': { cells: EVERYONE, call: () => ({ path: '/api/auth/logout' }) },
  'POST /api/auth/passkeys/options': { cells: ANY_ACCOUNT, call: () => ({ path: '/api/auth/passkeys/options' }) },
  'POST /api/auth/passkeys/verify': {
    cells: ANY_ACCOUNT,
    call: () => ({ path: '/api/auth/passkeys/verify', body: fakeCeremony }),
    handler: {
      codes: ['invalid_input', 'challenge_expired'],
      why: 'a WebAuthn response needs an authenticator, which a Worker test has not',
    },
  },
  'GET /api/auth/passkeys': { cells: ANY_ACCOUNT, call: () => ({ path: '/api/auth/passkeys' }) },
  'GET /api/venue-admin/venues': { cells: ANY_OPERATOR, call: () => ({ path: '/api/venue-admin/venues' }) },
  'POST /api/venue-admin/venues': {
    cells: ANY_OPERATOR,
    call: async () => {
      const venue = await createVenue({
        officeId: world.office.certificate.officeId,
        name: 'Neues Café',
        street: 'Uferweg 5',
        postcode: '10115',
        city: 'Berlin',
        kind: 'cafe',
        defaultStayMinutes: 45,
        areas: [],
      });
      return { path: '/api/venue-admin/venues', body: { card: venue.card } };
    },
  },
  'GET /api/venue-admin/venues/:venueId': {
    cells: OPERATOR_A,
    call: () => ({ path: `/api/venue-admin/venues/${world.venue.card.venueId}` }),
  },
  'PUT /api/venue-admin/venues/:venueId': {
    cells: OPERATOR_A,
    call: async () => {
      const draft = await draftOfA();
      return { path: `/api/venue-admin/venues/${draft.card.venueId}`, body: { card: draft.card } };
    },
  },
  'PUT /api/venue-admin/venues/:venueId/keys': {
    cells: OPERATOR_A,
    call: async () => {
      const draft = await draftOfA();
      return { path: `/api/venue-admin/venues/${draft.card.venueId}/keys`, body: { card: draft.card } };
    },
  },
  'DELETE /api/venue-admin/venues/:venueId': {
    cells: OPERATOR_A,
    call: async () => ({ path: `/api/venue-admin/venues/${(await draftOfA()).card.venueId}` }),
  },
  'POST /api/venue-admin/venues/:venueId/activate': {
    cells: OPERATOR_A,
    call: async (actor) => {
      const draft = await draftOfA();
      const proof = await signActivation(
        draft.signingPrivateJwk,
        draft.card.venueId,
        actor.operator?.id ?? actors.venueA.operator?.id ?? '',
      );
      return { path: `/api/venue-admin/venues/${draft.card.venueId}/activate`, body: { proof } };
    },
  },
  'PUT /api/venue-admin/venues/:venueId/settings': {
    cells: OPERATOR_A,
    call: () => ({ path: `/api/venue-admin/venues/${world.venue.card.venueId}/settings`, body: { kioskOnly: false } }),
  },
  'GET /api/venue-admin/venues/:venueId/stats': {
    cells: OPERATOR_A,
    call: () => ({ path: `/api/venue-admin/venues/${world.venue.card.venueId}/stats` }),
  },
  'GET /api/venue-admin/venues/:venueId/checkins': {
    cells: OPERATOR_A,
    call: () => ({ path: `/api/venue-admin/venues/${world.venue.card.venueId}/checkins?from=0&to=3600000` }),
  },
  'POST /api/venue-admin/claims': {
    cells: ANY_OPERATOR,
    call: () => ({ path: '/api/venue-admin/claims', body: { code: 'not a code' } }),
    handler: { codes: ['bad_code'], why: 'a takeover code is made by the deployment' },
  },
  'GET /api/venue-admin/requests': { cells: ANY_OPERATOR, call: () => ({ path: '/api/venue-admin/requests' }) },
  'GET /api/venue-admin/requests/:requestId/checkins': {
    cells: OPERATOR_A,
    call: async () => ({ path: `/api/venue-admin/requests/${await requestToA()}/checkins` }),
  },
  'POST /api/venue-admin/requests/:requestId/approve': {
    cells: OPERATOR_A,
    call: async () => ({
      path: `/api/venue-admin/requests/${await requestToA()}/approve`,
      body: { released: [], audit: await auditFor(actors.employeeA, { kind: 'request_approved', caseId: newId() }) },
    }),
    handler: { codes: ['audit_mismatch'], why: 'the venue signs its answer with the venue key in the browser' },
  },
  'POST /api/venue-admin/requests/:requestId/decline': {
    cells: OPERATOR_A,
    call: async () => ({
      path: `/api/venue-admin/requests/${await requestToA()}/decline`,
      body: { reason: 'closed', audit: await auditFor(actors.employeeA, { kind: 'request_declined', caseId: newId() }) },
    }),
    handler: { codes: ['audit_mismatch'], why: 'the venue signs its answer with the venue key in the browser' },
  },
  'GET /api/venue-admin/requests/audit': { cells: ANY_OPERATOR, call: () => ({ path: '/api/venue-admin/requests/audit' }) },
  'GET /api/venue-admin/warnings': { cells: ANY_OPERATOR, call: () => ({ path: '/api/venue-admin/warnings' }) },
  'POST /api/office/join/options': {
    cells: EVERYONE,
    call: () => ({ path: '/api/office/join/options', body: { code: inviteCode, displayName: 'Neu im Amt' } }),
  },
  'POST /api/office/join/verify': {
    cells: EVERYONE,
    call: () => ({
      path: '/api/office/join/verify',
      body: { ...fakeCeremony, deviceKey: world.office.certificate.signingKey, signingKey: world.office.certificate.signingKey },
    }),
    handler: {
      codes: ['invalid_input', 'challenge_expired'],
      why: 'a WebAuthn response needs an authenticator, which a Worker test has not',
    },
  },
  'GET /api/office/me': { cells: ANY_EMPLOYEE, call: () => ({ path: '/api/office/me' }) },
  'GET /api/office/employees': { cells: ANY_STAFF, call: () => ({ path: '/api/office/employees' }) },
  'POST /api/office/invites': { cells: ADMIN, call: () => ({ path: '/api/office/invites', body: { role: 'member' } }) },
  'DELETE /api/office/employees/:accountId': {
    cells: ADMIN,
    call: async () => ({ path: `/api/office/employees/${(await staffOf(world.office, { status: 'pending' })).accountId}` }),
  },
  'POST /api/office/keys/certificate-request': {
    cells: ADMIN,
    call: () => ({ path: '/api/office/keys/certificate-request', body: { signingKey: world.office.certificate.signingKey } }),
    handler: { codes: ['already_certified'], why: 'the test office has its certificate' },
  },
  'POST /api/office/keys/grants': {
    cells: ADMIN,
    call: () => ({
      path: '/api/office/keys/grants',
      body: { accountId: newId(), certificate: actors.employeeA.staff?.certificate, grants: [] },
    }),
    handler: { codes: ['invalid_input', 'unknown_employee'], why: 'a grant is sealed in the admin’s browser' },
  },
  'GET /api/office/keys/keyring': { cells: ANY_STAFF, call: () => ({ path: '/api/office/keys/keyring' }) },
  'POST /api/office/keys/certificates': {
    cells: ADMIN,
    call: () => ({ path: '/api/office/keys/certificates', body: { certificates: [] } }),
    handler: { codes: ['invalid_input'], why: 'a renewed certificate is signed with the identity key in an admin’s browser' },
  },
  'POST /api/office/keys/revocation': {
    cells: ADMIN,
    call: () => ({ path: '/api/office/keys/revocation', body: { state: {} } }),
    handler: { codes: ['invalid_input'], why: 'the revocation state is signed with the identity key in an admin’s browser' },
  },
  'POST /api/office/keys/rotation-request': {
    cells: ADMIN,
    call: () => ({ path: '/api/office/keys/rotation-request', body: { request: {}, grants: [] } }),
    handler: { codes: ['invalid_input'], why: 'the rotation request is signed with the identity key in an admin’s browser' },
  },
  'POST /api/office/keys/daily-key-signatures': {
    cells: ADMIN,
    call: () => ({ path: '/api/office/keys/daily-key-signatures', body: { records: [] } }),
    handler: { codes: ['invalid_input'], why: 'a record is signed anew with the identity key in an admin’s browser' },
  },
  'POST /api/office/keys/daily-keys': {
    cells: ANY_STAFF,
    call: () => ({ path: '/api/office/keys/daily-keys', body: { keys: [] } }),
    handler: { codes: ['invalid_input', 'no_keys'], why: 'daily keys and their grants are made in the office’s browser' },
  },
  'POST /api/office/cases': {
    cells: ANY_STAFF,
    call: async (actor) => {
      const staff = actor.staff;
      const caseId = newId();
      if (staff) await redeemedFor(staff, caseId);
      return {
        path: '/api/office/cases',
        body: {
          caseId,
          reference: 'GA-2026-0816',
          visits: [{ venueId: world.venue.card.venueId, from: now - 5 * HOUR_MS, to: now - 3 * HOUR_MS }],
          audit: await auditFor(actor, { kind: 'case_opened', caseId }),
        },
      };
    },
  },
  'GET /api/office/cases': { cells: ANY_STAFF, call: () => ({ path: '/api/office/cases' }) },
  'GET /api/office/cases/:caseId': { cells: STAFF_A, call: async () => ({ path: `/api/office/cases/${await caseOfA()}` }) },
  'POST /api/office/cases/:caseId/requests': {
    cells: STAFF_A,
    call: async (actor) => {
      const caseId = await caseOfA();
      const staff = actor.staff ?? actors.employeeA.staff;
      if (!staff) throw new Error('no staff');
      const signed = await requestBy(staff, { caseId, venueId: world.venue.card.venueId, from: now - 6 * HOUR_MS, to: now - 2 * HOUR_MS });
      const audit = await auditFor(actor, { kind: 'request_sent', caseId, venueId: signed.venueId, requestId: signed.requestId });
      return { path: `/api/office/cases/${caseId}/requests`, body: { request: signed, audit } };
    },
  },
  'POST /api/office/cases/:caseId/forwards': {
    cells: STAFF_A,
    call: async (actor) => {
      const caseId = await caseOfA();
      const staff = actor.staff ?? actors.employeeA.staff;
      if (!staff) throw new Error('no staff');
      const signed = await requestBy(staff, { caseId, venueId: world.venue.card.venueId, from: now - 6 * HOUR_MS, to: now - 2 * HOUR_MS });
      const audit = await auditFor(actor, { kind: 'request_forwarded', caseId, venueId: signed.venueId, requestId: signed.requestId });
      return { path: `/api/office/cases/${caseId}/forwards`, body: { request: signed, audit } };
    },
    handler: { codes: ['own_venue'], why: 'the case’s venue is the office’s own, so there is no one to forward to' },
  },
  'PUT /api/office/cases/:caseId/contacts/:checkInId': {
    cells: STAFF_A,
    call: async () => {
      const caseId = await caseOfA();
      return { path: `/api/office/cases/${caseId}/contacts/${await releasedFor(caseId)}`, body: { status: 'reached' } };
    },
  },
  'POST /api/office/cases/:caseId/audit': {
    cells: STAFF_A,
    call: async (actor) => {
      const caseId = await caseOfA();
      return { path: `/api/office/cases/${caseId}/audit`, body: { audit: await auditFor(actor, { kind: 'exported', caseId }) } };
    },
  },
  'POST /api/office/cases/:caseId/close': {
    cells: STAFF_A,
    call: async (actor) => {
      const caseId = await caseOfA();
      return { path: `/api/office/cases/${caseId}/close`, body: { audit: await auditFor(actor, { kind: 'case_closed', caseId }) } };
    },
  },
  'GET /api/office/cases/:caseId/warnings': {
    cells: STAFF_A,
    call: async () => ({ path: `/api/office/cases/${await caseOfA()}/warnings` }),
  },
  'POST /api/office/cases/:caseId/warnings': {
    // The body is checked before the case: another office's employee is refused by its shape first.
    cells: ANY_STAFF,
    call: async () => ({ path: `/api/office/cases/${await caseOfA()}/warnings`, body: {} }),
    handler: { codes: ['invalid_input'], why: 'a warning is signed in the employee’s browser' },
  },
  'POST /api/office/cases/:caseId/warnings/:warningId/withdraw': {
    cells: ANY_STAFF,
    call: async () => ({ path: `/api/office/cases/${await caseOfA()}/warnings/${newId()}/withdraw`, body: {} }),
    handler: { codes: ['invalid_input'], why: 'a withdrawal is signed in the employee’s browser' },
  },
  'GET /api/office/warning-texts': { cells: ANY_STAFF, call: () => ({ path: '/api/office/warning-texts' }) },
  'PUT /api/office/warning-texts': {
    cells: ADMIN,
    call: () => ({ path: '/api/office/warning-texts', body: {} }),
    handler: { codes: ['invalid_input'], why: 'the texts come from the admin’s form' },
  },
  'GET /api/office/forwards': { cells: ANY_STAFF, call: () => ({ path: '/api/office/forwards' }) },
  'GET /api/office/audit': { cells: ANY_STAFF, call: () => ({ path: '/api/office/audit' }) },
  'POST /api/office/audit/checkpoints': {
    cells: ANY_STAFF,
    call: async (actor) => ({
      path: '/api/office/audit/checkpoints',
      body: { audit: await auditFor(actor, { kind: 'case_closed', caseId: newId() }) },
    }),
    handler: { codes: ['audit_mismatch'], why: 'a checkpoint names the chain’s head, read in the office’s browser' },
  },
  'POST /api/office/audit/heads': {
    cells: ANY_STAFF,
    call: () => ({ path: '/api/office/audit/heads', body: { head: {} } }),
    handler: { codes: ['invalid_input'], why: 'a head is signed in the office’s browser' },
  },
  'GET /api/office/audit/heads': { cells: ANY_STAFF, call: () => ({ path: '/api/office/audit/heads' }) },
  'GET /api/office/venues': { cells: ANY_STAFF, call: () => ({ path: '/api/office/venues?q=Linde' }) },
  'POST /api/checkins': {
    cells: EVERYONE,
    call: async () => {
      const { checkoutSecret: _kept, ...body } = await sealFor(world, world.venue);
      return { path: '/api/checkins', body };
    },
  },
  'POST /api/checkins/:checkInId/checkout': {
    cells: EVERYONE,
    call: async () => {
      const stored = await checkIn();
      return { path: `/api/checkins/${stored.id}/checkout`, body: { secret: stored.secret, departedAt: now } };
    },
  },
  'POST /api/checkins/:checkInId/state': {
    cells: EVERYONE,
    call: async () => {
      const stored = await checkIn();
      return { path: `/api/checkins/${stored.id}/state`, body: { secret: stored.secret } };
    },
  },
  'POST /api/checkins/:checkInId/cancel': {
    cells: EVERYONE,
    call: async () => {
      const stored = await checkIn(true);
      return { path: `/api/checkins/${stored.id}/cancel`, body: { secret: stored.secret } };
    },
  },
  'GET /widget/*': { cells: EVERYONE, call: () => ({ path: '/widget/luca-checkin.js' }) },
};

/** Every route the Worker registers, as `METHOD path` (Hono lists middleware too: method ALL). */
function registered(): string[] {
  const methods = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
  return [
    ...new Set(
      app.routes.filter((entry) => methods.has(entry.method)).map((entry) => `${entry.method} ${entry.path.replace(/(.)\/$/, '$1')}`),
    ),
  ].sort();
}

/** The guard's refusals: an allowed cell never ends in one of these. */
const ACCESS_CODES = new Set(['not_signed_in', 'wrong_account', 'cross_origin', 'not_staff', 'not_admitted', 'not_admin']);

function classOf(status: number, code: string | undefined, row: Row): Cell | `unexpected ${number} ${string}` {
  if (status >= 200 && status < 300) return 'allowed';
  if (code !== undefined && row.handler?.codes.includes(code) && !ACCESS_CODES.has(code)) return 'allowed';
  if (status === 401 || status === 403 || status === 404) return `${status}`;
  return `unexpected ${status} ${code ?? ''}`;
}

beforeAll(async () => {
  world = await createWorld();
  const [venueA, venueB] = [await signedInOperator('Venue A'), await signedInOperator('Venue B')];
  await env.DB.prepare('UPDATE venues SET operator_id = ? WHERE id = ?').bind(venueA.id, world.venue.card.venueId).run();
  const staff = {
    pendingA: await staffOf(world.office, { status: 'pending' }),
    employeeA: await staffOf(world.office),
    adminA: await staffOf(world.office, { role: 'admin' }),
    employeeB: await staffOf(world.otherOffice),
  };
  actors.anonymous = { name: 'anonymous', client: '203.0.113.1' };
  actors.venueA = { name: 'venueA', operator: venueA, cookie: venueA.cookie, client: '203.0.113.2' };
  actors.venueB = { name: 'venueB', operator: venueB, cookie: venueB.cookie, client: '203.0.113.3' };
  (['pendingA', 'employeeA', 'adminA', 'employeeB'] as const).forEach((name, index) => {
    actors[name] = { name, staff: staff[name], cookie: staff[name].cookie, client: `203.0.113.${10 + index}` };
  });
  const invite = await request('POST', '/api/office/invites', { cookie: staff.adminA.cookie, body: { role: 'member' } });
  inviteCode = (await invite.json<{ code: string }>()).code;
});

describe('authorization matrix', () => {
  it('has a row for every route the Worker registers, and no row for a route it does not', () => {
    expect(registered().length).toBeGreaterThan(55);
    expect(Object.keys(ROWS).sort()).toEqual(registered());
  });

  it.each(Object.keys(ROWS).sort())(
    '%s',
    async (key) => {
      const row = ROWS[key];
      if (!row) throw new Error(`no row for ${key}`);
      const method = key.split(' ')[0] ?? 'GET';
      const seen: Partial<Record<ActorName, string>> = {};
      for (const name of ACTORS) {
        const actor = actors[name];
        const call = await row.call(actor);
        const cookie = key === 'POST /api/auth/logout' ? await freshCookie(actor) : actor.cookie;
        const response = await request(method, call.path, { cookie, body: call.body, client: actor.client });
        const payload: unknown = await response.json().catch(() => undefined);
        const code =
          typeof payload === 'object' &&
          payload !== null &&
          'error' in payload &&
          typeof payload.error === 'object' &&
          payload.error !== null &&
          'code' in payload.error
            ? String(payload.error.code)
            : undefined;
        seen[name] = classOf(response.status, code, row);
      }
      expect(seen).toEqual(row.cells);
      // Seven callers, each with fresh state (drafts, cases, shared histories): more than the default
      // 5 s on a loaded two-core machine.
    },
    30_000,
  );
});
