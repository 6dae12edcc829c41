/**
 * A case's contact list in the office's browser: one row per person of every released check-in
 * (a group check-in gives one per person, web/health/party-contacts.ts), joined with what the
 * office knows: the venue, the index case's stay there, each person's status. Pure: the case view
 * and exports take it from here, and it runs in Node under test.
 */
import type { ContactStatus } from '../../protocol/api/office-cases.ts';
import { displayName } from '../../protocol/party.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import type { DecryptedContact } from './inner-layer.ts';
import type { CaseDetail } from './office-api.ts';
import { type ContactStay, type Stay, overlapMs } from './overlap.ts';
import { personKey, personsOf } from './party-contacts.ts';
import type { Reach } from './warning-reach.ts';

/** One person of a released check-in, as the office follows them up (a group check-in gives one per person). */
export interface Contact {
  checkInId: string;
  /** 0: the one who checked in; 1 … 9: their companions (web/health/party-contacts.ts). */
  person: number;
  /** The check-in and the person: unique in a case's list. */
  key: string;
  venue: VenueCard;
  firstName: string;
  lastName: string;
  /** Their own phone; absent for a companion reached through the one who checked them in. */
  phone: string | undefined;
  /** The number to call: their own, else that of the one who checked them in. */
  reachablePhone: string;
  /** The country `reachablePhone` is read with. */
  reachablePhoneCountry: string | undefined;
  email: string | undefined;
  street: string;
  /** Absent in contacts older app versions sealed (the number is then part of the street). */
  houseNumber: string | undefined;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2; absent in contacts older app versions sealed (German ones). */
  country: string | undefined;
  /** A companion: the name of the one who checked them in. */
  companionOf: string | undefined;
  /** A companion of the index case (their own check-in): the closest of contacts. */
  withIndexCase: boolean;
  /** A companion without a phone: whose phone reaches them. */
  reachableVia: string | undefined;
  /** A companion without an address: at whose address they live. */
  livesWith: string | undefined;
  /** A companion's own seat (a cinema seat). */
  seat: string | undefined;
  areaName: string | undefined;
  reference: string | undefined;
  arrivedAt: number;
  /** Rounded up to five minutes by the server; null without checkout. */
  departedAt: number | null;
  stay: ContactStay;
  overlapMinutes: number;
  status: ContactStatus;
  /** The check-in was sealed by a guest app, which the warning feed reaches (a companion: the app of the one who checked them in). */
  inApp: boolean;
  /** Whether the app warned this contact and they read it (web/health/warning-reach.ts); set once the case's warnings are loaded. */
  reach: Reach;
}

/**
 * The contact list of a case from its decrypted check-ins: one row per person, those who were
 * there longest with the index case first; the persons of one check-in stay together, in their
 * order (the one who checked in, then their companions).
 */
export function contactRows(detail: Pick<CaseDetail, 'case' | 'requests' | 'contacts'>, decrypted: readonly DecryptedContact[]): Contact[] {
  const venues = new Map(detail.requests.map((entry) => [entry.venue.venueId, entry.venue]));
  const statuses = new Map(detail.contacts.map((entry) => [personKey(entry.checkInId, entry.person ?? 0), entry.status]));
  const own = new Set(detail.case.visits.map((visit) => visit.checkInId));
  const contacts: Contact[] = [];
  for (const found of decrypted) {
    const venue = venues.get(found.venueId);
    if (!venue) continue;
    const withIndexCase = own.has(found.checkInId);
    const index = indexStayAt(detail, found.venueId);
    const stay: ContactStay = {
      id: found.checkInId,
      label: displayName(found.contact),
      from: found.arrivedAt,
      to: found.departureBucket,
      defaultStayMs: venue.defaultStayMinutes * MINUTE_MS,
    };
    const overlapMinutes = index ? Math.ceil(overlapMs(index, stay) / MINUTE_MS) : 0;
    for (const person of personsOf(found.contact, found.companions, { withoutLead: withIndexCase })) {
      const key = personKey(found.checkInId, person.person);
      contacts.push({
        checkInId: found.checkInId,
        person: person.person,
        key,
        venue,
        firstName: person.firstName,
        lastName: person.lastName,
        phone: person.phone,
        reachablePhone: person.reachablePhone,
        reachablePhoneCountry: person.reachablePhoneCountry,
        email: person.email,
        street: person.address.street,
        houseNumber: person.address.houseNumber,
        postcode: person.address.postcode,
        city: person.address.city,
        country: person.address.country,
        companionOf: person.companionOf,
        withIndexCase,
        reachableVia: person.reachableVia,
        livesWith: person.livesWith,
        seat: person.seat,
        areaName: venue.areas.find((area) => area.id === found.areaId)?.name,
        reference: found.reference,
        arrivedAt: found.arrivedAt,
        departedAt: found.departureBucket,
        stay,
        overlapMinutes,
        status: statuses.get(key) ?? 'to_call',
        inApp: found.app === true,
        reach: found.app === true ? { state: 'not_warned' } : { state: 'no_app' },
      });
    }
  }
  // Array.prototype.sort is stable: the persons of one check-in share these keys and keep their order.
  return contacts.sort((a, b) => b.overlapMinutes - a.overlapMinutes || a.arrivedAt - b.arrivedAt);
}

/**
 * One stay per check-in for the overlap timeline: the persons of a group were there together,
 * so one bar carries them all, labelled with the first person listed and counting the others.
 */
export function groupStays(contacts: readonly Contact[]): ContactStay[] {
  const stays = new Map<string, ContactStay & { companions: string[] }>();
  for (const contact of contacts) {
    const name = `${contact.firstName} ${contact.lastName}`;
    const stay = stays.get(contact.checkInId);
    if (stay) stay.companions.push(name);
    else stays.set(contact.checkInId, { ...contact.stay, label: name, companions: [] });
  }
  return [...stays.values()].map(({ companions, ...stay }) => (companions.length > 0 ? { ...stay, companions } : stay));
}

/**
 * The index case's stay at a venue, as recorded in the case (first visit there); for a venue the
 * history does not name (asked on the "other" basis, e.g. in a case without the app), the window
 * the office asked for, which is when the index case said they were there.
 */
export function indexStayAt(detail: Pick<CaseDetail, 'case' | 'requests'>, venueId: string): Stay | undefined {
  const visit = detail.case.visits.find((entry) => entry.venueId === venueId);
  if (visit) return { from: visit.from, to: visit.to };
  const asked = detail.requests.find((entry) => entry.request.venueId === venueId)?.request;
  return asked ? { from: asked.from, to: asked.to } : undefined;
}
