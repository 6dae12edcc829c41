/**
 * One check-in, every person (issue 14): a group check-in is one check-in whose inner layer holds
 * the one who checked in and their companions (protocol/party.ts, PROTOCOL.md "Check-in" →
 * "Groups"). The office follows up each person on their own, so each becomes a contact row here.
 * A companion without a phone of their own is reached through the phone of the one who checked
 * them in; without an address of their own they live at that person's address. Pure: runs in
 * the office's browser and in Node under test.
 */
import type { ContactData } from '../../protocol/contact.ts';
import { type Companion, displayName } from '../../protocol/party.ts';

export interface PersonAddress {
  street: string;
  /** Absent in contacts older app versions sealed (the number is then part of the street). */
  houseNumber?: string | undefined;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2; absent: German. */
  country?: string | undefined;
}

/** One person of a check-in, as the office reaches them. */
export interface Person {
  /** 0: the one who checked in; 1 … 9: their companions, in the order the inner layer lists them. */
  person: number;
  firstName: string;
  lastName: string;
  /** Their own phone; absent for a companion reached through the one who checked them in. */
  phone: string | undefined;
  email: string | undefined;
  /** The number to call: their own, else the phone of the one who checked them in. */
  reachablePhone: string;
  /** The country `reachablePhone` is read with (the phone's owner's address). */
  reachablePhoneCountry: string | undefined;
  address: PersonAddress;
  /** For a companion: the name of the one who checked them in. */
  companionOf: string | undefined;
  /** Whose phone reaches them, when it is not their own (a companion without a phone). */
  reachableVia: string | undefined;
  /** Whose address they live at, when it is not their own (a companion without an address). */
  livesWith: string | undefined;
  /** A companion's own seat or place (a cinema seat), shown instead of the check-in's reference. */
  seat: string | undefined;
}

function addressOf(contact: ContactData): PersonAddress {
  return {
    street: contact.street,
    houseNumber: contact.houseNumber,
    postcode: contact.postcode,
    city: contact.city,
    country: contact.country,
  };
}

/**
 * The persons of one decrypted check-in: the one who checked in (person 0), then each companion.
 * `withoutLead` leaves person 0 out (the index case's own check-in: the index case is no contact
 * of their own, but whoever came with them is).
 */
export function personsOf(
  contact: ContactData,
  companions: readonly Companion[] | undefined,
  options: { withoutLead?: boolean } = {},
): Person[] {
  const lead = displayName(contact);
  const leadAddress = addressOf(contact);
  const persons: Person[] = [];
  if (!options.withoutLead) {
    persons.push({
      person: 0,
      firstName: contact.firstName,
      lastName: contact.lastName,
      phone: contact.phone,
      email: contact.email,
      reachablePhone: contact.phone,
      reachablePhoneCountry: contact.country,
      address: leadAddress,
      companionOf: undefined,
      reachableVia: undefined,
      livesWith: undefined,
      seat: undefined,
    });
  }
  (companions ?? []).forEach((companion, index) => {
    const address = companion.address ?? leadAddress;
    persons.push({
      person: index + 1,
      firstName: companion.firstName,
      lastName: companion.lastName,
      phone: companion.phone,
      email: undefined,
      reachablePhone: companion.phone ?? contact.phone,
      // A companion's own number is read with their own address's country (their address is the lead's when absent).
      reachablePhoneCountry: companion.phone !== undefined ? address.country : contact.country,
      address: { ...address },
      companionOf: lead,
      reachableVia: companion.phone === undefined ? lead : undefined,
      livesWith: companion.address === undefined ? lead : undefined,
      seat: companion.seat,
    });
  });
  return persons;
}

/** The key of one person's row and status: the check-in and the person's place in it. */
export function personKey(checkInId: string, person: number): string {
  return `${checkInId}/${person}`;
}
