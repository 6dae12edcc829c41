import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { VenueSettingsSchema } from '../../protocol/schemas.ts';
import { parseEmbedOrigins } from './embed-origins.ts';
import { venueMessages } from './messages.ts';

const de = venueMessages.de;

describe('websites allowed to embed', () => {
  it('takes websites as their origins, one per line, trailing slashes, capitals and blank lines forgiven', () => {
    expect(
      parseEmbedOrigins(
        'https://www.Mein-Restaurant.de/\n\n  https://tickets.example.org:8443 \nhttp://127.0.0.1:8788/\nhttps://www.mein-restaurant.de',
        de,
      ),
    ).toEqual({
      origins: ['https://www.mein-restaurant.de', 'https://tickets.example.org:8443', 'http://127.0.0.1:8788'],
    });
    expect(parseEmbedOrigins('', de)).toEqual({ origins: [] });
  });

  it('explains each mistake in the operator’s language, naming the line', () => {
    expect(parseEmbedOrigins('https://ok.example\nwww.mein-restaurant.de', de)).toEqual({
      error: 'Zeile 2: „www.mein-restaurant.de“ ist keine Website-Adresse. Bitte so angeben: https://www.mein-restaurant.de',
    });
    expect(parseEmbedOrigins('http://www.mein-restaurant.de', de)).toEqual({
      error: de.originNotHttps(1, 'http://www.mein-restaurant.de'),
    });
    expect(parseEmbedOrigins('https://www.mein-restaurant.de/reservieren?x=1', de)).toEqual({
      error: de.originWithPath(1, 'https://www.mein-restaurant.de'),
    });
    expect(parseEmbedOrigins('ftp://files.example', venueMessages.en)).toEqual({
      error: venueMessages.en.originInvalid(1, 'ftp://files.example'),
    });
    expect(parseEmbedOrigins('https://user:pw@example.de', de)).toEqual({ error: de.originInvalid(1, 'https://user:pw@example.de') });
    const many = Array.from({ length: 21 }, (_, i) => `https://site${i}.example`).join('\n');
    expect(parseEmbedOrigins(many, de)).toEqual({ error: de.originsTooMany });
  });

  it('never lets through what the Worker would refuse', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.webUrl(),
            fc.webUrl().map((url) => new URL(url).origin),
            fc.string(),
          ),
          { maxLength: 25 },
        ),
        (lines) => {
          const result = parseEmbedOrigins(lines.join('\n'), de);
          if ('origins' in result) expect(v.is(VenueSettingsSchema, { allowedOrigins: result.origins })).toBe(true);
          else expect(result.error).not.toMatch(/must be|allowedOrigins/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
