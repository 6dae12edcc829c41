import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes.ts';
import { newId } from './ids.ts';
import { DAY_MS, HOUR_MS, PUBLISH_AHEAD_DAYS } from './time.ts';
import { encodeVenueQrPayload } from './venue.ts';
import { PARTY_LIMIT } from './party.ts';
import {
  MAX_SEAT_LENGTH,
  type WidgetAttributes,
  bookerReference,
  checkAttributes,
  checkHostAttributes,
  checkParty,
  parseInstant,
  parseSeats,
} from './widget-attributes.ts';

const venue = encodeVenueQrPayload({
  venueId: newId(),
  officeId: newId(),
  encryptionKey: toBase64Url(new Uint8Array(65).fill(4)),
  signingKeyPin: newId(),
});
const now = Date.parse('2026-11-30T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const base: WidgetAttributes = {
  venue,
  mode: 'booking',
  slotStart: iso(now + DAY_MS),
  slotEnd: iso(now + DAY_MS + 2 * HOUR_MS),
  reference: null,
  bookingId: null,
};

describe('parseInstant', () => {
  it('takes ISO 8601 with a date, a time and an offset, and nothing else', () => {
    expect(parseInstant('2026-12-01T19:00+01:00')).toBe(Date.parse('2026-12-01T18:00:00Z'));
    expect(parseInstant('2026-12-01T19:00:30.5Z')).toBe(Date.parse('2026-12-01T19:00:30.500Z'));
    for (const text of [
      '01.12.2026 19:00',
      '2026-12-01T19:00',
      '2026-12-01 19:00+01:00',
      '2026-12-01',
      'Tue Dec 01 2026 19:00:00 GMT+0100',
      '2026-02-30T19:00Z',
      '2026-12-01T24:00Z',
      '',
    ]) {
      expect(parseInstant(text), text).toBeUndefined();
    }
  });

  it('reads back every instant written as ISO 8601 in UTC or with an offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.integer({ min: -12, max: 14 }),
        (date, offsetHours) => {
          const ms = Math.floor(date.getTime() / 60_000) * 60_000;
          expect(parseInstant(new Date(ms).toISOString())).toBe(ms);
          const local = new Date(ms + offsetHours * HOUR_MS).toISOString().slice(0, 16);
          const offset = `${offsetHours < 0 ? '-' : '+'}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
          expect(parseInstant(`${local}${offset}`)).toBe(ms);
        },
      ),
    );
  });
});

describe('checkAttributes', () => {
  const codeOf = (changes: Partial<WidgetAttributes>) => {
    const result = checkAttributes({ ...base, ...changes }, now);
    return result.ok ? 'ok' : `${result.problem.code} ${result.problem.attribute}`;
  };

  it('names each problem and the attribute to fix', () => {
    expect(codeOf({})).toBe('ok');
    expect(codeOf({ venue: null })).toBe('missing_venue venue');
    expect(codeOf({ venue: venue.slice(0, 120) })).toBe('bad_venue venue');
    expect(codeOf({ mode: 'party' })).toBe('bad_mode mode');
    expect(codeOf({ slotStart: null })).toBe('missing_slot slot-start');
    expect(codeOf({ slotStart: '01.12.2026 19:00' })).toBe('bad_slot slot-start');
    expect(codeOf({ slotEnd: '2026-12-01T21:00' })).toBe('bad_slot slot-end');
    expect(codeOf({ slotEnd: base.slotStart })).toBe('slot_order slot-end');
    expect(codeOf({ slotEnd: iso(now + 3 * DAY_MS) })).toBe('slot_too_long slot-end');
    expect(codeOf({ slotStart: iso(now - DAY_MS), slotEnd: iso(now - DAY_MS + HOUR_MS) })).toBe('slot_past slot-end');
    expect(
      codeOf({ slotStart: iso(now + (PUBLISH_AHEAD_DAYS + 1) * DAY_MS), slotEnd: iso(now + (PUBLISH_AHEAD_DAYS + 1) * DAY_MS + HOUR_MS) }),
    ).toBe('slot_too_far slot-start');
    expect(codeOf({ reference: 'x'.repeat(88) })).toBe('bad_reference reference');
    expect(checkAttributes({ ...base, reference: 'x'.repeat(88) }, now)).toMatchObject({
      problem: { message: expect.stringContaining('88 characters') as string },
    });
    expect(codeOf({ bookingId: 'a\nb' })).toBe('bad_booking_id booking-id');
    // A slot that began but has not ended can still be registered (a walk-in with a booking).
    expect(codeOf({ slotStart: iso(now - HOUR_MS), slotEnd: iso(now + HOUR_MS) })).toBe('ok');
    expect(codeOf({ mode: 'kiosk', slotStart: null, slotEnd: null })).toBe('ok');
  });

  it('checks in the loader only what the frame cannot', () => {
    expect(checkHostAttributes({ ...base, slotStart: '01.12.2026 19:00' })).toBeUndefined();
    expect(checkHostAttributes({ ...base, venue: 'abc' })?.code).toBe('bad_venue');
  });

  it('never throws, whatever the attributes', () => {
    const text = fc.option(fc.string({ maxLength: 120 }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          venue: text,
          mode: text,
          slotStart: text,
          slotEnd: text,
          reference: text,
          bookingId: text,
          partySize: text,
          seats: text,
        }),
        (attributes) => {
          const result = checkAttributes(attributes, now);
          if (!result.ok) expect(result.problem.message.length).toBeGreaterThan(10);
        },
      ),
    );
  });
});

describe('party-size and seats', () => {
  const partyOf = (partySize: string | null, seats: string | null, mode = 'booking') => {
    const result = checkParty({ mode, partySize, seats });
    return result.ok ? result.party : `${result.problem.code} ${result.problem.attribute}`;
  };

  it('takes a party size from 1 to PARTY_LIMIT, written as digits', () => {
    expect(partyOf(null, null)).toBeUndefined();
    expect(partyOf('4', null)).toEqual({ size: 4 });
    expect(partyOf(' 1 ', null)).toEqual({ size: 1 });
    expect(partyOf(String(PARTY_LIMIT), null)).toEqual({ size: PARTY_LIMIT });
    for (const text of ['0', String(PARTY_LIMIT + 1), '-2', '2.5', 'vier', '4 Personen', '', '04x', '1e1'])
      expect(partyOf(text, null), text).toBe('bad_party_size party-size');
  });

  it('reads a seat list separated by spaces, one seat per person, the booker first', () => {
    expect(partyOf(null, 'F12 F13 F14 F15')).toEqual({ size: 4, seats: ['F12', 'F13', 'F14', 'F15'] });
    expect(partyOf(null, '  R3-P12\tR3-P13\n')).toEqual({ size: 2, seats: ['R3-P12', 'R3-P13'] });
    expect(partyOf(null, 'Loge:1/A.2')).toEqual({ size: 1, seats: ['Loge:1/A.2'] });
    // With both, they must agree.
    expect(partyOf('2', 'F12 F13')).toEqual({ size: 2, seats: ['F12', 'F13'] });
    expect(partyOf('3', 'F12 F13')).toBe('bad_seats seats');
    expect(partyOf('x', 'F12 F13')).toBe('bad_party_size party-size');
  });

  it('refuses seats it cannot tell apart or carry', () => {
    for (const seats of [
      '',
      '   ',
      'F12 F12',
      'F12, F13',
      'Reihe-F-Platz-12-links',
      'x'.repeat(MAX_SEAT_LENGTH + 1),
      '-F12',
      'F<12>',
      Array.from({ length: PARTY_LIMIT + 1 }, (_, index) => `S${index}`).join(' '),
    ])
      expect(partyOf(null, seats), seats).toBe('bad_seats seats');
    expect(parseSeats('x'.repeat(MAX_SEAT_LENGTH)).ok).toBe(true);
    expect(parseSeats('F12 F12')).toMatchObject({ problem: { message: expect.stringContaining('"F12" is listed twice') as string } });
  });

  it('is for booking and ticket mode: the kiosk adds persons itself', () => {
    expect(partyOf('2', null, 'kiosk')).toBe('bad_party_size party-size');
    expect(partyOf(null, 'F1', 'kiosk')).toBe('bad_seats seats');
    expect(partyOf('2', null, 'ticket')).toEqual({ size: 2 });
  });

  it('reports the problem through checkAttributes, like every attribute', () => {
    const codeOf = (changes: Partial<WidgetAttributes>) => {
      const result = checkAttributes({ ...base, ...changes }, now);
      return result.ok ? result.value.party : `${result.problem.code} ${result.problem.attribute}`;
    };
    expect(codeOf({ partySize: '4' })).toEqual({ size: 4 });
    expect(codeOf({ partySize: '11' })).toBe('bad_party_size party-size');
    expect(codeOf({ seats: 'F1 F1' })).toBe('bad_seats seats');
    // The booker's seat joins the reference, which must stay within its 80 characters.
    expect(codeOf({ reference: 'x'.repeat(76), seats: 'F12 F13' })).toBe('bad_reference reference');
    expect(codeOf({ reference: 'x'.repeat(74), seats: 'F12 F13' })).toEqual({ size: 2, seats: ['F12', 'F13'] });
  });

  it('gives the booker the first seat in the reference', () => {
    expect(bookerReference('Saal 2', { size: 2, seats: ['F12', 'F13'] })).toBe('Saal 2 · F12');
    expect(bookerReference(undefined, { size: 2, seats: ['F12', 'F13'] })).toBe('F12');
    expect(bookerReference('Tisch 4', { size: 4 })).toBe('Tisch 4');
    expect(bookerReference(undefined, undefined)).toBeUndefined();
  });

  it('never throws, and any party it accepts has 1 to PARTY_LIMIT persons and a seat each when seated', () => {
    const text = fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[A-Z0-9 ]{0,40}$/)), { nil: null });
    fc.assert(
      fc.property(fc.constantFrom('booking', 'ticket', 'kiosk'), text, text, (mode, partySize, seats) => {
        const result = checkParty({ mode, partySize, seats });
        if (!result.ok) {
          expect(result.problem.message.length).toBeGreaterThan(10);
          return;
        }
        if (!result.party) {
          expect(partySize === null && seats === null).toBe(true);
          return;
        }
        expect(result.party.size).toBeGreaterThanOrEqual(1);
        expect(result.party.size).toBeLessThanOrEqual(PARTY_LIMIT);
        if (result.party.seats) expect(result.party.seats).toHaveLength(result.party.size);
      }),
    );
  });
});
