/**
 * The visits of a shared history as the office takes them: any history an honest guest app can
 * share (stays still open, pre-registrations for later days, stays over midnight, visits long
 * ago) becomes a list of visits the employee can tick, each with the index case's stay and a
 * proposed window, or a visit shown but not requestable, with why. The office app shows it; the
 * Worker tests hold the Worker to accepting what it produces. Pure: no DOM, no clock.
 *
 * A stay still open when the history was shared counts until now, but no longer than the
 * venue's usual stay (the app would have checked the guest out then). A pre-registration whose
 * slot has not begun has not happened: it is shown, never requested. What is requestable always
 * passes the Worker's plausibility rule (protocol/case-visit.ts).
 */
import { type CaseVisit, MAX_CASE_STAY_MS, MAX_VISIT_AGE_MS, VISIT_REQUEST_MARGIN_MS, implausibleVisit } from './case-visit.ts';
import { MAX_REQUEST_WINDOW_MS } from './data-request.ts';
import type { Visit } from './history.ts';
import { HOUR_MS, MINUTE_MS } from './time.ts';

/** The window proposed around a stay: venues rarely know departures to the minute. */
export const WINDOW_MARGIN_MS = 30 * MINUTE_MS;
/** A visit shared without the venue's usual stay (an older app) is assumed to last this long. */
export const ASSUMED_STAY_MS = 3 * HOUR_MS;
/** A stay that ended as it began (checked out at once) still covers this much. */
const MIN_STAY_MS = 5 * MINUTE_MS;
/** A request's window may end at most this long after it is made (the venue's check). */
const WINDOW_FUTURE_SLACK_MS = HOUR_MS;

export type VisitState = 'past' | 'ongoing' | 'upcoming' | 'expired';

export interface IntakeVisit {
  visit: Visit;
  state: VisitState;
  /** The index case's stay as the case records it (only for requestable visits). */
  stay: { from: number; to: number } | undefined;
  /** The proposed window: the stay widened by the margin, ending now at the latest. */
  window: { from: number; to: number } | undefined;
}

/** How long a visit without checkout lasts: the venue's usual stay, capped at a day. */
function usualStayMs(visit: Visit): number {
  return Math.min(visit.defaultStayMinutes !== undefined ? visit.defaultStayMinutes * MINUTE_MS : ASSUMED_STAY_MS, MAX_CASE_STAY_MS);
}

export function intakeVisit(visit: Visit, now: number): IntakeVisit {
  if (visit.arrivedAt > now) return { visit, state: 'upcoming', stay: undefined, window: undefined };
  if (visit.arrivedAt < now - MAX_VISIT_AGE_MS) return { visit, state: 'expired', stay: undefined, window: undefined };
  const ended = visit.departedAt !== undefined && visit.departedAt <= now;
  const planned = visit.departedAt ?? visit.arrivedAt + usualStayMs(visit);
  // Still there (or a booked slot not over yet): until now, but not beyond the stay's planned end.
  const end = ended ? planned : Math.min(now, planned);
  const from = visit.arrivedAt;
  const to = Math.min(Math.max(end, from + MIN_STAY_MS), from + MAX_CASE_STAY_MS);
  const stay = { from, to };
  if (implausibleVisit(stay, now) !== undefined) return { visit, state: 'expired', stay: undefined, window: undefined };
  const window = { from: from - WINDOW_MARGIN_MS, to: Math.min(to + WINDOW_MARGIN_MS, Math.max(now, to)) };
  return { visit, state: ended ? 'past' : 'ongoing', stay, window };
}

/** The shared history's visits, oldest first, each classified at `now`. */
export function intakeVisits(visits: readonly Visit[], now: number): IntakeVisit[] {
  return [...visits].sort((a, b) => a.arrivedAt - b.arrivedAt).map((visit) => intakeVisit(visit, now));
}

export function isRequestable(
  entry: IntakeVisit,
): entry is IntakeVisit & { stay: { from: number; to: number }; window: { from: number; to: number } } {
  return entry.stay !== undefined && entry.window !== undefined;
}

/** The case's record of a ticked visit. */
export function caseVisitOf(entry: IntakeVisit & { stay: { from: number; to: number } }): CaseVisit {
  return { venueId: entry.visit.venueId, from: entry.stay.from, to: entry.stay.to, checkInId: entry.visit.checkInId };
}

/** What is wrong with a window the employee edited, or undefined when the Worker and the venue will take it. */
export type WindowProblem = 'unreadable' | 'end_before_start' | 'too_long' | 'far_from_visit' | 'in_future';

export function windowProblem(
  window: { from: number; to: number },
  stay: { from: number; to: number },
  now: number,
): WindowProblem | undefined {
  if (!Number.isFinite(window.from) || !Number.isFinite(window.to)) return 'unreadable';
  if (window.to <= window.from) return 'end_before_start';
  if (window.to - window.from > MAX_REQUEST_WINDOW_MS) return 'too_long';
  if (window.from < stay.from - VISIT_REQUEST_MARGIN_MS || window.to > stay.to + VISIT_REQUEST_MARGIN_MS) return 'far_from_visit';
  if (window.to > now + WINDOW_FUTURE_SLACK_MS) return 'in_future';
  return undefined;
}
