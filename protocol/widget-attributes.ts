/**
 * The `<luca-checkin>` element's attributes as a host page sets them, checked before a guest types
 * anything: every problem has a code (the error event's), the attribute it concerns and a sentence
 * for the site's developer that says how to fix it. The loader checks what the frame cannot
 * (checkHostAttributes); the frame, which trusts nothing it is given, checks everything
 * (checkAttributes) and shows a slot problem in its place. No dependencies: the loader stays small.
 *
 * Times must be ISO 8601 with a date, a time and an offset (`2026-12-01T19:00+01:00`, or `Z`):
 * a booking system knows its zone, and a time without one would be read in the guest's.
 *
 * A group (booking and ticket modes): `party-size` is the number of persons, the booker included,
 * written as digits (1 to PARTY_LIMIT); `seats` is one seat per person, separated by spaces
 * (`F12 F13 F14 F15`), each 1-16 letters, digits, `-` `/` `.` `:`, no seat twice. A seat list
 * implies the party size (the booker takes the first seat); with both, they must agree.
 */
import { PARTY_LIMIT } from './party.ts';
import { DAY_MS, PUBLISH_AHEAD_DAYS } from './time.ts';

export const WIDGET_MODES = ['booking', 'ticket', 'kiosk'] as const;
export type WidgetMode = (typeof WIDGET_MODES)[number];

/** The longest window a pre-registration can describe (the Worker allows 24 h per check-in). */
export const MAX_WINDOW_MS = DAY_MS;
/** The longest reference (table, seat) a check-in carries. */
export const MAX_REFERENCE_LENGTH = 80;
/** A host's own booking id, carried into the events (never sent to luca). */
export const MAX_BOOKING_ID_LENGTH = 100;
/** One seat of a `seats` list: short, and without spaces, which separate the seats. */
export const MAX_SEAT_LENGTH = 16;
const SEAT = /^[\p{L}\p{N}][\p{L}\p{N}./:-]*$/u;

/** `1.<venue id>.<office id>.<encryption key>.<signing-key pin>[.<area>]`, as the venue app copies it. */
const VENUE_ATTRIBUTE = /^1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{87}\.[A-Za-z0-9_-]{22}(?:\.[A-Za-z0-9_-]{1,16})?$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant from strict ISO 8601 with an offset; undefined for anything else (12 January from "01.12.2026" included). */
export function parseInstant(text: string): number | undefined {
  const match = INSTANT.exec(text.trim());
  if (!match) return undefined;
  // An optional group that matched nothing is undefined, whatever RegExpExecArray's type says.
  const groups: (string | undefined)[] = match;
  const [, year, month, day, hour, minute, second = '0'] = groups.map((part) => part ?? '');
  const ms = Date.parse(text.trim());
  if (!Number.isFinite(ms)) return undefined;
  // Date.parse rolls 2026-02-30 over to March: the calendar fields must be what was written.
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)));
  const fieldsExist =
    probe.getUTCMonth() === Number(month) - 1 &&
    probe.getUTCDate() === Number(day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60;
  return fieldsExist ? ms : undefined;
}

export type AttributeProblemCode =
  | 'missing_venue'
  | 'bad_venue'
  | 'bad_mode'
  | 'missing_slot'
  | 'bad_slot'
  | 'slot_order'
  | 'slot_too_long'
  | 'slot_past'
  | 'slot_too_far'
  | 'bad_reference'
  | 'bad_booking_id'
  | 'bad_party_size'
  | 'bad_seats';

export interface AttributeProblem {
  code: AttributeProblemCode;
  /** The attribute to fix. */
  attribute: string;
  /** For the site's developer (English, in the console and the error event). */
  message: string;
}

export interface WidgetAttributes {
  venue: string | null;
  mode: string | null;
  slotStart: string | null;
  slotEnd: string | null;
  reference: string | null;
  bookingId: string | null;
  /** Absent in older callers: no group. */
  partySize?: string | null;
  seats?: string | null;
}

/** A group the host page booked: its size (the booker included) and, at a cinema, one seat per person in order. */
export interface BookedParty {
  size: number;
  seats?: string[] | undefined;
}

export interface CheckedAttributes {
  mode: WidgetMode;
  window: { start: number; end: number } | undefined;
  /** Set when the host page named the group's size (party-size or seats); else the frame asks. */
  party?: BookedParty | undefined;
}

const EXAMPLE = '2026-12-01T19:00+01:00';

function problem(code: AttributeProblemCode, attribute: string, message: string): AttributeProblem {
  return { code, attribute, message };
}

function checkSlot(start: number, end: number, now: number): AttributeProblem | undefined {
  if (end <= start) return problem('slot_order', 'slot-end', 'slot-end must be after slot-start.');
  if (end - start > MAX_WINDOW_MS) return problem('slot_too_long', 'slot-end', 'a slot is at most 24 hours long.');
  if (end <= now) return problem('slot_past', 'slot-end', 'this slot is over: nothing to register.');
  if (start > now + PUBLISH_AHEAD_DAYS * DAY_MS) {
    return problem(
      'slot_too_far',
      'slot-start',
      `registration opens ${PUBLISH_AHEAD_DAYS} days before the slot: ask the guest again then.`,
    );
  }
  return undefined;
}

/**
 * What the loader checks before it frames anything: what the frame cannot check itself (the venue
 * decides which websites may frame it, so a broken venue attribute would only show a blocked
 * frame) and what never reaches the frame (booking-id). `missing_slot` is transient in a
 * single-page app that sets the slot just after creating the element; the loader reports it only
 * if it stays missing. The slot's own rules are checked by the frame (checkAttributes).
 */
export function checkHostAttributes(
  attributes: Pick<WidgetAttributes, 'venue' | 'mode' | 'slotStart' | 'slotEnd' | 'bookingId'>,
): AttributeProblem | undefined {
  const { venue, slotStart, slotEnd, bookingId } = attributes;
  const mode = attributes.mode ?? 'booking';
  if (!venue) return problem('missing_venue', 'venue', 'venue is missing: copy the snippet from the luca venue app.');
  if (!VENUE_ATTRIBUTE.test(venue.trim()))
    return problem('bad_venue', 'venue', `venue is incomplete (${venue.length} characters): copy it again from the luca venue app.`);
  if (!(WIDGET_MODES as readonly string[]).includes(mode))
    return problem('bad_mode', 'mode', `mode must be booking, ticket or kiosk, not "${mode}".`);
  if (bookingId !== null && (bookingId.length > MAX_BOOKING_ID_LENGTH || /\p{Cc}/u.test(bookingId))) {
    return problem('bad_booking_id', 'booking-id', `booking-id: at most ${MAX_BOOKING_ID_LENGTH} characters, no line breaks.`);
  }
  if (mode !== 'kiosk' && (!slotStart || !slotEnd))
    return problem('missing_slot', slotStart ? 'slot-end' : 'slot-start', `${mode} mode needs slot-start and slot-end, e.g. "${EXAMPLE}".`);
  return undefined;
}

/** The seats of a `seats` attribute (split at whitespace), or the problem with them. */
export function parseSeats(text: string): { ok: true; seats: string[] } | { ok: false; problem: AttributeProblem } {
  const seats = text.trim().split(/\s+/u).filter(Boolean);
  const fail = (message: string) => ({ ok: false as const, problem: problem('bad_seats', 'seats', message) });
  if (seats.length === 0) return fail('seats is empty: one seat per person, separated by spaces, e.g. "F12 F13".');
  if (seats.length > PARTY_LIMIT) return fail(`seats names ${seats.length} seats: at most ${PARTY_LIMIT} persons check in together.`);
  const bad = seats.find((seat) => Array.from(seat).length > MAX_SEAT_LENGTH || !SEAT.test(seat));
  if (bad !== undefined)
    return fail(`seat "${bad}": at most ${MAX_SEAT_LENGTH} letters, digits, "-", "/", "." or ":" (spaces separate the seats).`);
  const twice = seats.find((seat, index) => seats.indexOf(seat) !== index);
  if (twice !== undefined) return fail(`seat "${twice}" is listed twice: one seat per person.`);
  return { ok: true, seats };
}

/** The group party-size and seats describe: undefined when neither is set (the frame then asks), or the problem. */
export function checkParty(
  attributes: Pick<WidgetAttributes, 'mode' | 'partySize' | 'seats'>,
): { ok: true; party: BookedParty | undefined } | { ok: false; problem: AttributeProblem } {
  const sizeText = attributes.partySize ?? null;
  const seatsText = attributes.seats ?? null;
  const fail = (code: AttributeProblemCode, attribute: string, message: string) => ({
    ok: false as const,
    problem: problem(code, attribute, message),
  });
  if (sizeText === null && seatsText === null) return { ok: true, party: undefined };
  if (attributes.mode === 'kiosk') {
    const [code, attribute] = sizeText === null ? (['bad_seats', 'seats'] as const) : (['bad_party_size', 'party-size'] as const);
    return fail(code, attribute, `${attribute} is for booking and ticket mode: at the kiosk, guests add persons themselves.`);
  }
  let size: number | undefined;
  if (sizeText !== null) {
    size = /^\s*\d{1,2}\s*$/.test(sizeText) ? Number(sizeText) : 0;
    if (size < 1 || size > PARTY_LIMIT)
      return fail('bad_party_size', 'party-size', `party-size must be a whole number from 1 to ${PARTY_LIMIT}, not "${sizeText}".`);
  }
  if (seatsText === null) return { ok: true, party: { size: size ?? 1 } };
  const parsed = parseSeats(seatsText);
  if (!parsed.ok) return parsed;
  if (size !== undefined && size !== parsed.seats.length)
    return fail('bad_seats', 'seats', `seats names ${parsed.seats.length} seats but party-size is ${size}: one seat per person.`);
  return { ok: true, party: { size: parsed.seats.length, seats: parsed.seats } };
}

/**
 * The reference sealed with the booker's check-in: the host's reference with the booker's seat
 * (`Saal 2 · F12`), the seat alone, or the reference alone. Companions carry their own seats.
 */
export function bookerReference(reference: string | undefined, party: BookedParty | undefined): string | undefined {
  const seat = party?.seats?.[0];
  if (seat === undefined) return reference;
  return reference ? `${reference} · ${seat}` : seat;
}

/** Every rule, as the frame applies them: the first problem, or what the attributes describe. */
export function checkAttributes(
  attributes: WidgetAttributes,
  now: number,
): { ok: true; value: CheckedAttributes } | { ok: false; problem: AttributeProblem } {
  const fail = (found: AttributeProblem) => ({ ok: false as const, problem: found });
  const host = checkHostAttributes(attributes);
  if (host) return fail(host);
  const { slotStart, slotEnd, reference } = attributes;
  const mode = (attributes.mode ?? 'booking') as WidgetMode;
  if (reference !== null && (reference.trim().length > MAX_REFERENCE_LENGTH || /\p{Cc}/u.test(reference))) {
    return fail(
      problem(
        'bad_reference',
        'reference',
        `reference has ${reference.trim().length} characters: at most ${MAX_REFERENCE_LENGTH}, no line breaks.`,
      ),
    );
  }
  const party = checkParty({ mode, partySize: attributes.partySize, seats: attributes.seats });
  if (mode === 'kiosk' || !slotStart || !slotEnd) return party.ok ? { ok: true, value: { mode, window: undefined } } : fail(party.problem);
  for (const [name, text] of [
    ['slot-start', slotStart],
    ['slot-end', slotEnd],
  ] as const) {
    if (parseInstant(text) === undefined)
      return fail(problem('bad_slot', name, `${name} must be ISO 8601 with an offset, e.g. "${EXAMPLE}", not "${text}".`));
  }
  const start = parseInstant(slotStart) ?? 0;
  const end = parseInstant(slotEnd) ?? 0;
  // The slot first: a booking that is over or not open yet is what the guest is told.
  const slotProblem = checkSlot(start, end, now);
  if (slotProblem) return fail(slotProblem);
  if (!party.ok) return fail(party.problem);
  const seated = bookerReference(reference?.trim() || undefined, party.party);
  if (seated !== undefined && seated.length > MAX_REFERENCE_LENGTH) {
    return fail(
      problem('bad_reference', 'reference', `reference with the first seat ("${seated}") is over ${MAX_REFERENCE_LENGTH} characters.`),
    );
  }
  return { ok: true, value: { mode, window: { start, end }, party: party.party } };
}
