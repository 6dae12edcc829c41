import { describe, expect, it } from 'vitest';
import { pinVenueKeys } from './venue-pins.ts';

describe('venue keys pinned in the audit view', () => {
  it('pins a key seen first, keeps using it, and reports a venue whose served key changed', () => {
    const first = pinVenueKeys([{ venueId: 'a', signingKey: 'key-a' }], new Map());
    expect(first).toEqual({ keys: new Map([['a', 'key-a']]), changed: [], fresh: [{ venueId: 'a', signingKey: 'key-a' }] });

    const pinned = new Map([['a', 'key-a']]);
    expect(pinVenueKeys([{ venueId: 'a', signingKey: 'key-a' }], pinned)).toEqual({
      keys: new Map([['a', 'key-a']]),
      changed: [],
      fresh: [],
    });

    // The server swaps venue a's key (to pass off an approval a never signed): the pinned key is used, a is reported.
    const swapped = pinVenueKeys(
      [
        { venueId: 'a', signingKey: 'server-key' },
        { venueId: 'b', signingKey: 'key-b' },
      ],
      pinned,
    );
    expect(swapped.keys).toEqual(
      new Map([
        ['a', 'key-a'],
        ['b', 'key-b'],
      ]),
    );
    expect(swapped.changed).toEqual(['a']);
    expect(swapped.fresh).toEqual([{ venueId: 'b', signingKey: 'key-b' }]);
  });
});
