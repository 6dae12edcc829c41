/**
 * The operator's own venues as the venue-admin routes see them: the checks a card must pass
 * wherever a card is stored (self-signed, the responsible office), the row lookup that answers
 * another operator's venue exactly like a missing one, and the view the app receives.
 */
import { and, eq } from 'drizzle-orm';
import type { OwnVenue } from '../../protocol/api/venue-admin.ts';
import { type VenueCard, pinnedPayloadOf, verifyVenueCard } from '../../protocol/venue.ts';
import type { Database } from '../db/client.ts';
import { offices, venues } from '../db/schema.ts';
import { ApiFailure } from '../http/errors.ts';

/**
 * The card must be signed by its own signing key, and its id derived from its keys and office
 * (protocol/venue-id.ts): the server re-checks what the browser made, so that every stored card's
 * id pins its keys and typed codes and audit views can rely on it.
 */
export async function checkSelfSigned(card: VenueCard): Promise<void> {
  try {
    await verifyVenueCard(card, await pinnedPayloadOf(card));
  } catch {
    throw new ApiFailure(422, 'bad_card', 'The venue card is not signed by its own key, or its id is not the one its keys give.');
  }
}

/** The responsible office is the one whose certificate lists the venue's postcode. */
export async function checkResponsibleOffice(db: Database, card: VenueCard): Promise<void> {
  const office = await db.query.offices.findFirst({ where: eq(offices.id, card.officeId) });
  const postcodes = office ? office.certificate.postcodes : [];
  if (!postcodes.includes(card.postcode)) {
    throw new ApiFailure(422, 'wrong_office', 'This health office is not responsible for the venue’s postcode.');
  }
}

export async function ownVenue(db: Database, venueId: string, accountId: string) {
  const venue = await db.query.venues.findFirst({ where: and(eq(venues.id, venueId), eq(venues.operatorId, accountId)) });
  if (!venue) throw new ApiFailure(404, 'unknown_venue', 'You have no venue with this id.');
  return venue;
}

/** The venue as its operator's app receives it (protocol/api/venue-admin.ts), out of its row. */
export function view(row: OwnVenue): OwnVenue {
  return { card: row.card, status: row.status, liveAt: row.liveAt, kioskOnly: row.kioskOnly, allowedOrigins: row.allowedOrigins };
}
