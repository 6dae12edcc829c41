/**
 * The <luca-checkin> widget's wire formats (PROTOCOL.md "Widget"):
 *
 * - the frame URL: /widget/frame.html?venue=<QR payload>&mode=booking|ticket|kiosk
 *   [&start=<ISO 8601>&end=<ISO 8601>][&ref=<reference>][&lang=de|en]
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

export const WIDGET_MODES = ['booking', 'ticket', 'kiosk'] as const;
export type WidgetMode = (typeof WIDGET_MODES)[number];

/** The longest window a pre-registration can describe (the Worker allows 24 h per check-in). */
export const MAX_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FrameParams {
  venue: VenueQrPayload;
  mode: WidgetMode;
  /** The booked window (booking, ticket); absent in kiosk mode, where the stay starts now. */
  window?: { start: number; end: number } | undefined;
  reference?: string | undefined;
  lang?: 'de' | 'en' | undefined;
}

function parseTime(text: string | null, name: string): number {
  const ms = text === null ? Number.NaN : Date.parse(text);
  if (!Number.isFinite(ms)) throw new ProtocolError('bad_payload', `${name} must be a date and time in ISO 8601, such as 2026-11-28T19:00+01:00`);
  return ms;
}

/** Reads the frame's query string; every problem is a ProtocolError with a message for the site's developer. */
export function parseFrameParams(search: URLSearchParams): FrameParams {
  const venueText = search.get('venue');
  if (!venueText) throw new ProtocolError('bad_payload', 'the venue attribute is missing');
  const venue = decodeVenueQrPayload(venueText);
  if (venue.kiosk) throw new ProtocolError('bad_payload', 'the venue attribute must not carry a kiosk code');
  const mode = search.get('mode') ?? 'booking';
  if (!v.is(v.picklist(WIDGET_MODES), mode)) throw new ProtocolError('bad_payload', 'mode must be booking, ticket or kiosk');
  const langText = search.get('lang');
  const lang = langText === 'de' || langText === 'en' ? langText : undefined;
  const refText = search.get('ref');
  const reference = refText === null || refText.trim() === '' ? undefined : v.parse(ReferenceSchema, refText);
  if (mode === 'kiosk') return { venue, mode, reference, lang };
  const start = parseTime(search.get('start'), 'slot-start');
  const end = parseTime(search.get('end'), 'slot-end');
  if (end <= start) throw new ProtocolError('bad_payload', 'slot-end must be after slot-start');
  if (end - start > MAX_WINDOW_MS) throw new ProtocolError('bad_payload', 'a slot can be at most 24 hours long');
  return { venue, mode, window: { start, end }, reference, lang };
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

/** What the element's events carry when a guest registered. */
export interface RegisteredDetail {
  checkinId: string;
  cancelToken: string;
  /** The window the check-in covers, ISO 8601 in UTC. */
  window: { start: string; end: string };
}

export interface ErrorDetail {
  code: string;
  message: string;
}

/** Element -> frame, over the port. */
export type ElementMessage =
  | { type: 'kiosk-code'; code: string }
  | { type: 'cancel'; requestId: number; token: string }
  | { type: 'theme'; properties: Record<string, string> };

/** Frame -> element, over the port. */
export type FrameMessage =
  | { type: 'ready' }
  | { type: 'resize'; height: number }
  | ({ type: 'registered' } & RegisteredDetail)
  | { type: 'cancelled'; requestId: number; checkinId: string }
  | ({ type: 'error'; requestId?: number } & ErrorDetail);

/** The first message, posted to the frame's window with the app origin as target, carrying the port. */
export const CONNECT_MESSAGE = 'luca-checkin-connect/v1';

/** The theme properties the frame takes from the host page (colours and a radius, nothing else). */
export const THEME_PROPERTIES = ['--luca-checkin-accent', '--luca-checkin-accent-ink', '--luca-checkin-ink', '--luca-checkin-background', '--luca-checkin-radius'] as const;
