import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes.ts';
import { newId } from './ids.ts';
import { DAY_MS, HOUR_MS, PUBLISH_AHEAD_DAYS } from './time.ts';
import { encodeVenueQrPayload } from './venue.ts';
import { type WidgetAttributes, checkAttributes, checkHostAttributes, parseInstant } from './widget-attributes.ts';

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
        fc.record({ venue: text, mode: text, slotStart: text, slotEnd: text, reference: text, bookingId: text }),
        (attributes) => {
          const result = checkAttributes(attributes, now);
          if (!result.ok) expect(result.problem.message.length).toBeGreaterThan(10);
        },
      ),
    );
  });
});
