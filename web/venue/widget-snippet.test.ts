import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../protocol/bytes.ts';
import { newId } from '../../protocol/ids.ts';
import { decodeVenueQrPayload, encodeVenueQrPayload } from '../../protocol/venue.ts';
import { checkAttributes } from '../../protocol/widget-attributes.ts';
import { WIDGET_MODES, parseFrameParams } from '../../protocol/widget.ts';
import { widgetSnippet } from './widget-snippet.ts';

const payload = { venueId: newId(), officeId: newId(), encryptionKey: toBase64Url(new Uint8Array(65).fill(4)), signingKeyPin: newId() };

/** The attributes of the snippet's <luca-checkin>, with the booking system's values filled in as it would. */
function attributesOf(snippet: string, fill: Record<string, string>): Record<string, string> {
  const tag = /<luca-checkin([^>]*)>/.exec(snippet)?.[1] ?? '';
  return Object.fromEntries(
    [...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((match) => [
      match[1] ?? '',
      (match[2] ?? '').replace(/\{\{[^}]*\}\}/g, (hole) => fill[hole] ?? hole),
    ]),
  );
}

describe('widget snippet', () => {
  it('loads the widget from the app, pins the venue, names the CSP entries, and writes no date in', () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    const fill = {
      '{{Beginn}}': start.toISOString(),
      '{{Ende}}': new Date(start.getTime() + 7_200_000).toISOString(),
      '{{Tisch}}': 'Tisch 4',
      '{{Saal}}': 'Saal 1',
      '{{Personen}}': '4',
      '{{Plätze}}': 'F12 F13 F14',
      '{{Buchungsnummer}}': 'B-1234',
    };
    for (const mode of WIDGET_MODES) {
      const snippet = widgetSnippet('https://luca.example', encodeVenueQrPayload(payload), mode);
      expect(snippet).toContain('<script src="https://luca.example/widget/luca-checkin.js" defer></script>');
      expect(snippet).toContain('script-src https://luca.example; frame-src https://luca.example; connect-src https://luca.example');
      // No inline script: a strict Content-Security-Policy stays as it is.
      expect(snippet).not.toMatch(/<script(?![^>]*src=)/);
      // No hard-coded date that would be stale by the time the snippet is used.
      expect(snippet.replace(/e\.g\. \S+/g, '')).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      const attributes = attributesOf(snippet, fill);
      const query = new URLSearchParams({ venue: attributes.venue ?? '', mode: attributes.mode ?? '' });
      if (attributes['slot-start']) query.set('start', attributes['slot-start']);
      if (attributes['slot-end']) query.set('end', attributes['slot-end']);
      if (attributes.reference) query.set('ref', attributes.reference);
      if (attributes['party-size']) query.set('party', attributes['party-size']);
      if (attributes.seats) query.set('seats', attributes.seats);
      const params = parseFrameParams(query);
      expect(params.mode).toBe(mode);
      // A group is one registration: the table's persons, or the ticket's seats (the booker's first).
      if (mode === 'booking') expect(params.party).toEqual({ size: 4 });
      if (mode === 'ticket') expect(params.party).toEqual({ size: 3, seats: ['F12', 'F13', 'F14'] });
      expect(params.venue).toEqual(decodeVenueQrPayload(encodeVenueQrPayload(payload)));
      if (mode !== 'kiosk') {
        expect(attributes['on-registered']).toBe('lucaRegistered');
        expect(attributes['booking-id']).toBe('B-1234');
        // Unfilled, the element reports the slot attributes at once (never a form for a wrong day).
        const unfilled = attributesOf(snippet, {});
        const checked = checkAttributes(
          {
            venue: unfilled.venue ?? null,
            mode,
            slotStart: unfilled['slot-start'] ?? null,
            slotEnd: unfilled['slot-end'] ?? null,
            reference: null,
            bookingId: null,
            partySize: unfilled['party-size'] ?? null,
            seats: unfilled.seats ?? null,
          },
          Date.now(),
        );
        expect(checked).toMatchObject({ ok: false, problem: { code: 'bad_slot', attribute: 'slot-start' } });
      }
    }
  });
});
