/**
 * The venue app's screens as hash routes: every screen has its own address, so a reload stays
 * on it and the browser's Back button goes back one screen.
 *
 *   #/                     your venues              #/venue/:id            one venue (a draft: its kit step)
 *   #/new                  a new venue's details    #/venue/:id/edit       edit its details
 *   #/new/keys             its passphrase and keys  #/venue/:id/keys       new keys for a draft
 *   #/claim                take over with a code    #/poster/:id[/:area]   a poster
 *   #/requests             health-office requests   #/kiosk/:id            the kiosk at the door
 */
export type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'newKeys' }
  | { name: 'claim' }
  | { name: 'requests' }
  | { name: 'venue'; venueId: string }
  | { name: 'edit'; venueId: string }
  | { name: 'rekey'; venueId: string }
  | { name: 'poster'; venueId: string; areaId: string | undefined }
  | { name: 'kiosk'; venueId: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseRoute(hash: string): Route {
  const [, kind, id, extra, ...rest] = hash.replace(/^#/, '').split('/');
  const venueId = id !== undefined && ID.test(id) ? id : undefined;
  if (rest.length > 0) return { name: 'list' };
  if (kind === 'new')
    return extra === undefined && (id === undefined || id === 'keys')
      ? id === 'keys'
        ? { name: 'newKeys' }
        : { name: 'new' }
      : { name: 'list' };
  if (kind === 'claim' && id === undefined) return { name: 'claim' };
  if (kind === 'requests' && id === undefined) return { name: 'requests' };
  if (!venueId) return { name: 'list' };
  if (kind === 'venue') {
    if (extra === undefined) return { name: 'venue', venueId };
    if (extra === 'edit') return { name: 'edit', venueId };
    if (extra === 'keys') return { name: 'rekey', venueId };
  }
  if (kind === 'poster' && (extra === undefined || ID.test(extra))) return { name: 'poster', venueId, areaId: extra };
  if (kind === 'kiosk' && extra === undefined) return { name: 'kiosk', venueId };
  return { name: 'list' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'list':
      return '#/';
    case 'new':
      return '#/new';
    case 'newKeys':
      return '#/new/keys';
    case 'claim':
      return '#/claim';
    case 'requests':
      return '#/requests';
    case 'venue':
      return `#/venue/${route.venueId}`;
    case 'edit':
      return `#/venue/${route.venueId}/edit`;
    case 'rekey':
      return `#/venue/${route.venueId}/keys`;
    case 'poster':
      return route.areaId ? `#/poster/${route.venueId}/${route.areaId}` : `#/poster/${route.venueId}`;
    case 'kiosk':
      return `#/kiosk/${route.venueId}`;
  }
}
