import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../protocol/bytes.ts';
import { newId } from '../../protocol/ids.ts';
import { decodeVenueQrPayload, encodeVenueQrPayload } from '../../protocol/venue.ts';
import { WIDGET_MODES, parseFrameParams } from '../../protocol/widget.ts';
import { widgetSnippet } from './widget-snippet.ts';

const payload = { venueId: newId(), officeId: newId(), encryptionKey: toBase64Url(new Uint8Array(65).fill(4)), signingKeyPin: newId() };

/** The attributes of the snippet's <luca-checkin>, as the frame would receive them. */
function frameQuery(snippet: string): URLSearchParams {
  const tag = /<luca-checkin([^>]*)>/.exec(snippet)?.[1] ?? '';
  const attributes = Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
  const query = new URLSearchParams({ venue: attributes.venue ?? '', mode: attributes.mode ?? '' });
  if (attributes['slot-start']) query.set('start', attributes['slot-start']);
  if (attributes['slot-end']) query.set('end', attributes['slot-end']);
  if (attributes.reference) query.set('ref', attributes.reference);
  return query;
}

describe('widget snippet', () => {
  it('loads the widget from the app and pins the venue, in a form the frame accepts, for every mode', () => {
    for (const mode of WIDGET_MODES) {
      const snippet = widgetSnippet('https://luca.example', encodeVenueQrPayload(payload), mode);
      expect(snippet).toContain('<script type="module" src="https://luca.example/widget/luca-checkin.js"></script>');
      const params = parseFrameParams(frameQuery(snippet));
      expect(params.mode).toBe(mode);
      expect(params.venue).toEqual(decodeVenueQrPayload(encodeVenueQrPayload(payload)));
      if (mode !== 'kiosk') {
        expect(params.window?.start).toBeGreaterThan(Date.now());
        expect(snippet).toContain('luca-checkin-registered');
      }
    }
  });
});
