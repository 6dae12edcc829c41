/** The venue app's calls to the Worker (same origin, session cookie, JSON). */
import type { VenueCard } from '../../protocol/venue.ts';
import { api } from '../../client/api.ts';

export interface Account {
  id: string;
  role: 'venue';
  displayName: string;
}

export interface OwnVenue {
  card: VenueCard;
  status: 'draft' | 'live';
  liveAt: number | null;
  kioskOnly: boolean;
  allowedOrigins: string[];
}

export const venueApi = {
  session: () => api.get<{ account: Account }>('/api/auth/session'),
  logout: () => api.post<{ signedOut: true }>('/api/auth/logout', {}),
  venues: () => api.get<{ venues: OwnVenue[] }>('/api/venue-admin/venues'),
  venue: (venueId: string) => api.get<{ venue: OwnVenue }>(`/api/venue-admin/venues/${venueId}`),
  create: (card: VenueCard) => api.post<{ venue: OwnVenue }>('/api/venue-admin/venues', { card }),
  update: (card: VenueCard) => api.put<{ venue: OwnVenue }>(`/api/venue-admin/venues/${card.venueId}`, { card }),
  rekey: (card: VenueCard) => api.put<{ venue: OwnVenue }>(`/api/venue-admin/venues/${card.venueId}/keys`, { card }),
  remove: (venueId: string) => api.delete<{ deleted: string }>(`/api/venue-admin/venues/${venueId}`),
  claim: (code: string) => api.post<{ venue: OwnVenue; bundle: string }>('/api/venue-admin/claims', { code }),
  activate: (venueId: string, proof: string) => api.post<{ venue: OwnVenue }>(`/api/venue-admin/venues/${venueId}/activate`, { proof }),
  settings: (venueId: string, settings: { kioskOnly?: boolean; allowedOrigins?: string[] }) => api.put<{ venue: OwnVenue }>(`/api/venue-admin/venues/${venueId}/settings`, settings),
  /** Check-ins per UTC hour of arrival (hour = its start in ms), for counting by local days. */
  stats: (venueId: string) => api.get<{ hours: { hour: number; checkIns: number }[] }>(`/api/venue-admin/venues/${venueId}/stats`),
};
