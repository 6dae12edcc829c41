/** The venue app's calls to the Worker (same origin, session cookie, JSON), each checked against its route. */
import { type VenueAccount, authRoutes } from '../../protocol/api/auth.ts';
import type { RequestOf } from '../../protocol/api/route.ts';
import { venueAdminRoutes as routes } from '../../protocol/api/venue-admin.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import { ApiRequestError, call } from '../../client/api.ts';
import { signOut } from '../../client/passkey-sign-in.ts';

export type Account = VenueAccount;
export type { OwnVenue } from '../../protocol/api/venue-admin.ts';

export const venueApi = {
  /** The signed-in venue account; an office account's session is no venue session. */
  session: async (): Promise<{ account: Account }> => {
    const { account } = await call(authRoutes.session, {});
    if (account.role !== 'venue') throw new ApiRequestError(403, 'wrong_account', 'This session belongs to a health-office account.');
    return { account: { ...account, role: 'venue' } };
  },
  logout: signOut,
  venues: () => call(routes.venues, {}),
  venue: (venueId: string) => call(routes.venue, { params: { venueId } }),
  create: (card: VenueCard) => call(routes.create, { body: { card } }),
  update: (card: VenueCard) => call(routes.update, { params: { venueId: card.venueId }, body: { card } }),
  /** New keys for a draft: `card` has the new keys and the id they give; `venueId` is the draft's id until now. */
  rekey: (venueId: string, card: VenueCard) => call(routes.rekey, { params: { venueId }, body: { card } }),
  remove: (venueId: string) => call(routes.remove, { params: { venueId } }),
  claim: (code: string) => call(routes.claim, { body: { code } }),
  activate: (venueId: string, proof: string) => call(routes.activate, { params: { venueId }, body: { proof } }),
  settings: (venueId: string, settings: RequestOf<typeof routes.settings>['body']) =>
    call(routes.settings, { params: { venueId }, body: settings }),
  /** Check-ins per UTC hour of arrival (hour = its start in ms), for counting by local days. */
  stats: (venueId: string) => call(routes.stats, { params: { venueId } }),
};
