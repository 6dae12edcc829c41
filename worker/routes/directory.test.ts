import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import { newId } from '../../protocol/ids.ts';
import { type OfficeDirectoryEntry, OfficeDirectoryEntrySchema } from '../../protocol/schemas.ts';
import { LATE_UPLOAD_DAYS, PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../../protocol/time.ts';
import { type VenueCard, verifyVenueCard } from '../../protocol/venue.ts';
import { parseVenueCode, venueCode, venueCodeMatches } from '../../protocol/venue-code.ts';
import { type World, createWorld } from '../test/world.ts';
import { request } from '../test/http.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const get = (path: string) => request('GET', path, { origin: null });

describe('public directory', () => {
  it('answers the health check with the database reachable', async () => {
    const response = await get('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('lists every office with only the keys sharing seals to (yesterday to tomorrow), verifiable under the root', async () => {
    const { offices } = await (await get('/api/offices')).json<{ offices: OfficeDirectoryEntry[] }>();
    const entry = offices.find((office) => office.certificate.officeId === world.office.certificate.officeId);
    if (!entry) throw new Error('office missing from the directory');
    const today = dayOf(Date.now());
    // About 400 offices in production: not 94 keys each, although the world's office has keys for 132 days.
    expect(entry.dailyKeys.map((key) => key.day)).toEqual([addDays(today, -1), today, addDays(today, 1)]);
    expect(offices.find((office) => office.certificate.officeId === world.otherOffice.certificate.officeId)?.dailyKeys).toHaveLength(3);
    // The guest app seals a shared history to today's key of the chosen office.
    const key = await verifiedKeyForDay(world.rootPublic, entry, world.office.certificate.officeId, today, Date.now());
    expect(key.officeId).toBe(world.office.certificate.officeId);
  });

  it(`serves one office with keys from the late-upload limit to ${PUBLISH_AHEAD_DAYS} days ahead, and 404 in the error envelope for an unknown one`, async () => {
    const entry = await (await get(`/api/offices/${world.office.certificate.officeId}`)).json<OfficeDirectoryEntry>();
    const today = dayOf(Date.now());
    // A check-in queued offline over a weekend is sealed to the key of its own day, up to LATE_UPLOAD_DAYS late;
    // a booking to the key of its day, up to PUBLISH_AHEAD_DAYS ahead.
    expect(entry.dailyKeys.map((key) => key.day)).toEqual(
      Array.from({ length: LATE_UPLOAD_DAYS + PUBLISH_AHEAD_DAYS + 1 }, (_, i) => addDays(today, i - LATE_UPLOAD_DAYS)),
    );
    expect(v.safeParse(OfficeDirectoryEntrySchema, entry).success).toBe(true);
    for (const day of [addDays(today, -LATE_UPLOAD_DAYS), addDays(today, PUBLISH_AHEAD_DAYS)]) {
      expect((await verifiedKeyForDay(world.rootPublic, entry, world.office.certificate.officeId, day, Date.now())).day).toBe(day);
    }
    const response = await get(`/api/offices/${world.otherOffice.certificate.officeId}`);
    expect((await response.json<OfficeDirectoryEntry>()).certificate.name).toBe('Gesundheitsamt Altona');
    const missing = await get(`/api/offices/${newId()}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'unknown_office' } });
    expect((await get('/api/offices/not-an-id')).status).toBe(400);
  });

  it('serves the venue card that verifies against the poster pins', async () => {
    const { card } = await (await get(`/api/venues/${world.venue.card.venueId}`)).json<{ card: VenueCard }>();
    const verified = await verifyVenueCard(card, world.venue.qr);
    expect(verified.card.name).toBe('Zur Linde');
    expect((await get(`/api/venues/${newId()}`)).status).toBe(404);
  });

  it('answers unknown API routes in the envelope', async () => {
    const response = await get('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('venue code lookup', () => {
  it('finds the venue by the code’s lookup half; the card matches the printed pin', async () => {
    const code = parseVenueCode(await venueCode(world.venue.card));
    const response = await get(`/api/venues/by-code/${code.lookup}`);
    expect(response.status).toBe(200);
    const { card } = await response.json<{ card: VenueCard }>();
    expect(await venueCodeMatches(card, code)).toBe(true);
    expect((await get('/api/venues/by-code/00000000')).status).toBe(404);
    expect((await get('/api/venues/by-code/not-code')).status).toBe(400);
  });
});
