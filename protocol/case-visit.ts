/**
 * A visit of the index case as a case records it: venue, the index case's stay there and their
 * own check-in id (so that their own row is not listed as their contact). The Worker cannot read
 * the shared history, so it checks only that each visit is a plausible stay; the office app
 * checks the same rule before it sends anything (one function, so the two cannot drift), and
 * turns every visit an honest guest app can share into one that passes or is left out with a
 * reason (protocol/history-intake.ts).
 */
import * as v from 'valibot';
import { IdSchema } from './schemas.ts';
import { DAY_MS, HOUR_MS, RETENTION_DAYS } from './time.ts';

/** No stay counts for longer than a day, whatever its checkout (or its absence) says. */
export const MAX_CASE_STAY_MS = DAY_MS;
/** How old a visit may be: the retention period and one day of slack for the case's paperwork. */
export const MAX_VISIT_AGE_MS = (RETENTION_DAYS + 1) * DAY_MS;
/** How far past "now" a visit may end: clocks of browser and server differ a little. */
export const VISIT_CLOCK_SLACK_MS = HOUR_MS;
/** A "visit" request's window must lie within the visit widened by this much on both sides. */
export const VISIT_REQUEST_MARGIN_MS = 12 * HOUR_MS;
/** A reason for a case without the app (an index case who never used it) or an "other" request: this long at least. */
export const MIN_REASON_LENGTH = 20;

const Time = v.pipe(v.number(), v.integer(), v.minValue(0));

export const CaseVisitSchema = v.strictObject({
  venueId: IdSchema,
  from: Time,
  to: Time,
  /** The index case's own check-in, so that the office's list does not show them as their own contact. */
  checkInId: v.optional(IdSchema),
});
export type CaseVisit = v.InferOutput<typeof CaseVisitSchema>;

/** Why a visit is not a plausible stay, or undefined when it is. */
export type ImplausibleVisit = 'not_begun' | 'no_length' | 'too_long' | 'too_old';

export function implausibleVisit(visit: Pick<CaseVisit, 'from' | 'to'>, now: number): ImplausibleVisit | undefined {
  if (visit.from >= visit.to) return 'no_length';
  if (visit.to - visit.from > MAX_CASE_STAY_MS) return 'too_long';
  if (visit.from < now - MAX_VISIT_AGE_MS) return 'too_old';
  if (visit.to > now + VISIT_CLOCK_SLACK_MS) return 'not_begun';
  return undefined;
}

/** A reason a person wrote: long enough to say something once spaces are trimmed. */
export function isSufficientReason(reason: string): boolean {
  return reason.trim().length >= MIN_REASON_LENGTH;
}
