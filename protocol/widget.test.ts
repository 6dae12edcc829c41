import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError, randomBytes, toBase64Url } from './bytes.ts';
import { newId } from './ids.ts';
import { encodeVenueQrPayload } from './venue.ts';
import { AttributeError, decodeCancelToken, encodeCancelToken, parseFrameParams } from './widget.ts';

const venue = encodeVenueQrPayload({
  venueId: newId(),
  officeId: newId(),
  encryptionKey: toBase64Url(new Uint8Array(65).fill(4)),
  signingKeyPin: newId(),
});
const params = (entries: Record<string, string>) => new URLSearchParams(entries);

describe('cancel token', () => {
  it('round-trips any check-in id and secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (id, secret) => {
        const checkInId = toBase64Url(id).slice(0, 22);
        const token = encodeCancelToken(checkInId, toBase64Url(secret));
        expect(decodeCancelToken(token)).toEqual({ checkInId, secret: toBase64Url(secret) });
      }),
    );
  });

  it('refuses anything else with a ProtocolError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        fc.pre(!/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/.test(text.trim()));
        expect(() => decodeCancelToken(text)).toThrow(ProtocolError);
      }),
    );
    expect(() => decodeCancelToken(`${newId()}.${toBase64Url(randomBytes(31))}`)).toThrow(ProtocolError);
  });
});

describe('frame parameters', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');

  it('reads a booking window, a reference and the language', () => {
    const parsed = parseFrameParams(
      params({
        venue,
        mode: 'ticket',
        start: '2026-11-28T19:00+01:00',
        end: '2026-11-28T21:30+01:00',
        ref: 'Saal 2 · Reihe F · Platz 12',
        lang: 'en',
      }),
      now,
    );
    expect(parsed.mode).toBe('ticket');
    expect(parsed.window).toEqual({ start: Date.parse('2026-11-28T18:00Z'), end: Date.parse('2026-11-28T20:30Z') });
    expect(parsed.reference).toBe('Saal 2 · Reihe F · Platz 12');
    expect(parsed.lang).toBe('en');
  });

  it('reads the group the host page booked: its size, and a seat per person', () => {
    const booking = { venue, mode: 'ticket', start: '2026-11-28T19:00+01:00', end: '2026-11-28T21:30+01:00' };
    expect(parseFrameParams(params({ ...booking, party: '4' }), now).party).toEqual({ size: 4 });
    expect(parseFrameParams(params({ ...booking, seats: 'F12 F13 F14' }), now).party).toEqual({ size: 3, seats: ['F12', 'F13', 'F14'] });
    expect(parseFrameParams(params(booking), now).party).toBeUndefined();
    expect(() => parseFrameParams(params({ ...booking, party: '12' }), now)).toThrow(AttributeError);
  });

  it('needs no window in kiosk mode', () => {
    expect(parseFrameParams(params({ venue, mode: 'kiosk' })).window).toBeUndefined();
  });

  it('explains what is wrong with the attributes', () => {
    const start = '2026-11-28T19:00+01:00';
    const problem = (entries: Record<string, string>) => {
      try {
        parseFrameParams(params(entries), now);
      } catch (error) {
        return error instanceof AttributeError ? `${error.problem.code} ${error.problem.attribute}` : (error as Error).message;
      }
      return 'ok';
    };
    expect(problem({ mode: 'booking', start, end: start })).toBe('missing_venue venue');
    expect(problem({ venue, mode: 'party', start, end: start })).toBe('bad_mode mode');
    expect(problem({ venue, mode: 'booking', end: start })).toBe('missing_slot slot-start');
    expect(problem({ venue, mode: 'booking', start: '28.11.2026 19:00', end: start })).toBe('bad_slot slot-start');
    expect(problem({ venue, mode: 'booking', start, end: '2026-11-28T18:00+01:00' })).toBe('slot_order slot-end');
    expect(problem({ venue, mode: 'booking', start, end: '2026-11-30T19:00+01:00' })).toBe('slot_too_long slot-end');
    expect(problem({ venue: `${venue}~1.${'A'.repeat(86)}`, mode: 'kiosk' })).toBe('bad_venue venue');
  });

  it('never throws anything but a ProtocolError or a validation error, whatever the query', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('venue', 'mode', 'start', 'end', 'ref', 'lang', 'party', 'seats'), fc.string({ maxLength: 40 })),
        (entries) => {
          try {
            parseFrameParams(params(entries));
          } catch (error) {
            expect(error instanceof ProtocolError || (error instanceof Error && error.name === 'ValiError')).toBe(true);
          }
        },
      ),
    );
  });
});
