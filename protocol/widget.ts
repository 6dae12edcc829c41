/**
 * The <luca-checkin> widget's wire formats (PROTOCOL.md "Widget"):
 *
 * - the frame URL: /widget/frame.html?venue=<QR payload>&mode=booking|ticket|kiosk
 *   [&start=<ISO 8601>&end=<ISO 8601>][&ref=<reference>][&party=<1-10>][&seats=<seat list>][&lang=de|en]
 * - the cancel token handed to the host page: "<check-in id>.<checkout secret>" (base64url), which
 *   deletes that pre-registration and nothing else; it reveals nothing about the guest;
 * - the messages between the element (host page) and the frame (app origin), sent over a
 *   MessageChannel whose port the element hands only to the app's origin.
 *
 * Only types and small codecs live here: the loader imports the types, not the schemas, to
 * stay small.
 */
import * as v from 'valibot';
import { ProtocolError } from './bytes.ts';
import { ReferenceSchema } from './checkin.ts';
import { type VenueQrPayload, decodeVenueQrPayload } from './venue.ts';
import { type AttributeProblem, type BookedParty, type WidgetMode, checkAttributes } from './widget-attributes.ts';

export { type BookedParty, MAX_WINDOW_MS, WIDGET_MODES, type WidgetMode } from './widget-attributes.ts';

export interface FrameParams {
  venue: VenueQrPayload;
  mode: WidgetMode;
  /** The booked window (booking, ticket); absent in kiosk mode, where the stay starts now. */
  window?: { start: number; end: number } | undefined;
  reference?: string | undefined;
  /** The group the host page booked (party-size, seats); absent: the frame asks (booking, ticket) or offers to add persons (kiosk). */
  party?: BookedParty | undefined;
  lang?: 'de' | 'en' | undefined;
  /** A developer's test run: everything as real, but nothing is stored (PROTOCOL.md "Widget"). */
  sandbox?: boolean | undefined;
}

/** The frame's attributes did not pass checkAttributes: the problem says which and how to fix it. */
export class AttributeError extends ProtocolError {
  constructor(readonly problem: AttributeProblem) {
    super('bad_payload', problem.message);
    this.name = 'AttributeError';
  }
}

/**
 * Reads the frame's parameters (the venue from the query, the rest from the fragment) with the
 * same rules as the loader (protocol/widget-attributes.ts): the frame trusts nothing it is given.
 * Every problem is an AttributeError naming the attribute.
 */
export function parseFrameParams(search: URLSearchParams, now = Date.now()): FrameParams {
  const checked = checkAttributes(
    {
      venue: search.get('venue'),
      mode: search.get('mode'),
      slotStart: search.get('start'),
      slotEnd: search.get('end'),
      reference: search.get('ref'),
      bookingId: null,
      partySize: search.get('party'),
      seats: search.get('seats'),
    },
    now,
  );
  if (!checked.ok) throw new AttributeError(checked.problem);
  const venue = decodeVenueQrPayload(search.get('venue') ?? '');
  if (venue.kiosk) throw new ProtocolError('bad_payload', 'the venue attribute must not carry a kiosk code');
  const langText = search.get('lang');
  const lang = langText === 'de' || langText === 'en' ? langText : undefined;
  const refText = search.get('ref');
  const reference = refText === null || refText.trim() === '' ? undefined : v.parse(ReferenceSchema, refText);
  const sandbox = search.get('sandbox') === '1' ? true : undefined;
  const { mode, window, party } = checked.value;
  return { venue, mode, window, reference, ...(party ? { party } : {}), lang, sandbox };
}

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function encodeCancelToken(checkInId: string, checkoutSecret: string): string {
  const token = `${checkInId}.${checkoutSecret}`;
  decodeCancelToken(token);
  return token;
}

export function decodeCancelToken(token: string): { checkInId: string; secret: string } {
  const match = TOKEN.exec(token.trim());
  if (!match?.[1] || !match[2]) throw new ProtocolError('bad_payload', 'not a luca cancel token');
  return { checkInId: match[1], secret: match[2] };
}

/** What the element's events carry when a guest registered (and, before, while it is being sent). */
export interface RegisteredDetail {
  checkinId: string;
  cancelToken: string;
  /** The window the check-in covers, ISO 8601 in UTC. */
  window: { start: string; end: string };
  /** A sandbox registration: nothing was stored. */
  sandbox?: boolean;
}

export interface ErrorDetail {
  code: string;
  message: string;
}

/** Element -> frame, over the port. */
export type ElementMessage =
  { type: 'kiosk-code'; code: string } | { type: 'theme'; properties: Record<string, string>; scheme?: 'light' | 'dark' | undefined };

/** Frame -> element, over the port. */
export type FrameMessage =
  | { type: 'ready' }
  | { type: 'resize'; height: number }
  /** A fresh, empty form is on screen (after loading, and after each change of the booking). */
  | { type: 'form-shown' }
  /** Sealed and about to be sent: the host learns the token before the server stores anything, so nothing can be orphaned. */
  | ({ type: 'submitting' } & RegisteredDetail)
  | ({ type: 'registered' } & RegisteredDetail)
  | ({ type: 'error' } & ErrorDetail)
  /** Theme values the frame did not apply (unsupported, or below WCAG AA contrast), for the developer's console. */
  | { type: 'theme-rejected'; rejected: { name: string; value: string; reason: 'unsupported' | 'contrast' }[] }
  /** Bring this part of the frame (CSS pixels from the frame's top) into the host page's view: an error the guest must see. */
  | { type: 'reveal'; top: number; bottom: number };

/** The first message, posted to the frame's window with the app origin as target, carrying the port. */
export const CONNECT_MESSAGE = 'luca-checkin-connect/v1';

/** The theme properties the frame takes from the host page (PROTOCOL.md "Widget": colours, a radius, a font). */
export const THEME_PROPERTIES = [
  '--luca-checkin-font',
  '--luca-checkin-accent',
  '--luca-checkin-accent-ink',
  '--luca-checkin-ink',
  '--luca-checkin-muted',
  '--luca-checkin-error',
  '--luca-checkin-background',
  '--luca-checkin-input-background',
  '--luca-checkin-input-ink',
  '--luca-checkin-input-border',
  '--luca-checkin-radius',
] as const;
