/**
 * The persons who come with a guest (issue "check in together"): children and adults without a
 * phone of their own, or the further guests of a booking. They travel inside the same inner layer
 * as the guest's own contact (protocol/checkin.ts): a group is one check-in, so the server sees one
 * row and one ciphertext whatever the group's size (PROTOCOL.md "Check-in", Groups).
 *
 * This is the wire schema, strict about shape like ContactWireSchema; the form rules are in
 * companion-input.ts.
 */
import * as v from 'valibot';
import { CONTACT_LIMITS } from './contact.ts';

/** Persons in one check-in, the guest who checks in included. */
export const PARTY_LIMIT = 10;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/** A booking's table or a ticket's seat, as the venue's website names it ("Saal 2 · Reihe F · Platz 12"). */
export const ReferenceSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(80),
  v.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'),
);

export const AddressWireSchema = v.strictObject({
  street: text(CONTACT_LIMITS.street),
  houseNumber: v.optional(text(CONTACT_LIMITS.houseNumber)),
  postcode: text(CONTACT_LIMITS.postcode),
  city: text(CONTACT_LIMITS.city),
  country: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))),
});
export type Address = v.InferOutput<typeof AddressWireSchema>;

export const CompanionWireSchema = v.strictObject({
  firstName: text(CONTACT_LIMITS.name),
  lastName: text(CONTACT_LIMITS.name),
  /** Absent: the office reaches this person through the phone of the guest who checked in. */
  phone: v.optional(text(CONTACT_LIMITS.phone)),
  /** Absent: lives at the address of the guest who checked in. */
  address: v.optional(AddressWireSchema),
  /** This person's own seat or place (a cinema seat); the booking's reference covers the group. */
  seat: v.optional(ReferenceSchema),
});
export type Companion = v.InferOutput<typeof CompanionWireSchema>;

/** The companions of one check-in: at least one (absent when alone, never empty), at most PARTY_LIMIT - 1. */
export const CompanionsSchema = v.pipe(v.array(CompanionWireSchema), v.minLength(1), v.maxLength(PARTY_LIMIT - 1));

/** How many persons a check-in stands for. */
export function partySize(checkIn: { companions?: readonly Companion[] | undefined }): number {
  return 1 + (checkIn.companions?.length ?? 0);
}

/** "First Last", the way lists and the shared history name a person. */
export function displayName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}
