import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Route, parseRoute, routeHash } from './routes.ts';

const id = 'WTX-d37NXXGmsMu_1fCV5Q';

describe('venue app routes', () => {
  it('gives every screen its own address and reads it back', () => {
    const routes: Route[] = [
      { name: 'list' },
      { name: 'new' },
      { name: 'newKeys' },
      { name: 'claim' },
      { name: 'requests' },
      { name: 'venue', venueId: id },
      { name: 'edit', venueId: id },
      { name: 'rekey', venueId: id },
      { name: 'poster', venueId: id, areaId: undefined },
      { name: 'poster', venueId: id, areaId: 'terrasse' },
      { name: 'kiosk', venueId: id },
    ];
    const hashes = routes.map(routeHash);
    expect(new Set(hashes).size).toBe(routes.length);
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('reads an empty or unknown address as the list, never as another screen', () => {
    for (const hash of [
      '',
      '#',
      '#/',
      '#/venue',
      '#/venue/',
      `#/venue/${id}/delete`,
      `#/kiosk/${id}/x`,
      '#/new/other',
      '#/claim/x',
      '#/venue/a b',
      `#/venue/${id}/edit/more`,
    ]) {
      expect(parseRoute(hash), hash).toEqual({ name: 'list' });
    }
    fc.assert(
      fc.property(fc.string(), (hash) => {
        expect(() => parseRoute(hash)).not.toThrow();
      }),
    );
  });
});
