/**
 * Types for `<luca-checkin>`, the luca check-in widget for a venue's own website (guide:
 * WIDGET.md beside this file). The element is defined by the loader script
 * `https://<luca app>/widget/luca-checkin.js`; this package only describes it to TypeScript:
 * `import type {} from '@luca-next/checkin-widget'` (or list it in "types") and
 * `document.querySelector('luca-checkin')` is typed, with its events.
 */

export type LucaCheckinMode = 'booking' | 'ticket' | 'kiosk';

/** A registration, as luca-checkin-submitting (before it is stored) and luca-checkin-registered carry it. */
export interface LucaCheckinRegistration {
  /** The check-in's id (random; says nothing about the guest). */
  checkinId: string;
  /** Cancels this registration and nothing else: keep it with the booking. */
  cancelToken: string;
  /** The window registered, ISO 8601 in UTC (for a kiosk walk-in, the end the health office will assume). */
  window: { start: string; end: string };
  /** The booking-id attribute, when set. */
  bookingId?: string;
  /** Set in sandbox mode: nothing was stored. */
  sandbox?: boolean;
}

export interface LucaCheckinErrorDetail {
  /** A code from WIDGET.md, "Errors": e.g. bad_slot, slot_past, origin_not_allowed, csp_frame_src, offline. */
  code: string;
  /** For the site's developer (English). */
  message: string;
  /** The attribute to fix, when the problem is one. */
  attribute?: string;
  bookingId?: string;
}

export interface LucaCheckinEventMap {
  'luca-checkin-ready': CustomEvent<{ bookingId?: string }>;
  'luca-checkin-submitting': CustomEvent<LucaCheckinRegistration>;
  'luca-checkin-registered': CustomEvent<LucaCheckinRegistration>;
  'luca-checkin-cancelled': CustomEvent<{ checkinId: string }>;
  'luca-checkin-error': CustomEvent<LucaCheckinErrorDetail>;
}

/** The element's properties (each also an attribute: slotStart is slot-start, and so on). */
export interface LucaCheckinElement extends HTMLElement {
  venue: string | null;
  /** As markup may write anything, an unknown mode is reported (luca-checkin-error, code bad_mode) rather than used. */
  mode: LucaCheckinMode | null;
  slotStart: string | null;
  slotEnd: string | null;
  reference: string | null;
  /** Persons in the booking, the booker included ("1" to "10"); unset: the form asks. */
  partySize: string | undefined;
  /** One seat per person, separated by spaces ("F12 F13"); implies the party size. */
  seats: string | undefined;
  bookingId: string | null;
  onRegistered: string | null;
  returnUrl: string | null;
  sandbox: boolean;
  kioskCode: string | null;
  /** True from luca-checkin-submitting until the registration is stored or failed. */
  readonly busy: boolean;
  /** Cancels a registration with its cancel token; rejects with a LucaCheckinError after 10 s without answer. */
  cancel(token: string): Promise<void>;
  addEventListener<K extends keyof LucaCheckinEventMap>(
    type: K,
    listener: (this: LucaCheckinElement, event: LucaCheckinEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof LucaCheckinEventMap>(
    type: K,
    listener: (this: LucaCheckinElement, event: LucaCheckinEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** Why a cancel failed: the API's code (cancel_refused, visit_started, rate_limited …) or bad_token, timeout, offline. */
export interface LucaCheckinError extends Error {
  readonly code: string;
}

/** `window.lucaCheckin`, defined by the loader: cancel without an element. */
export interface LucaCheckinGlobal {
  cancel(token: string, options?: { timeoutMs?: number }): Promise<{ checkinId: string }>;
  LucaCheckinError: new (code: string, message: string) => LucaCheckinError;
}

/** The attributes as markup takes them (JSX, templates). */
export interface LucaCheckinAttributes {
  venue: string;
  mode?: LucaCheckinMode;
  'slot-start'?: string;
  'slot-end'?: string;
  reference?: string;
  'party-size'?: string | number;
  seats?: string;
  'booking-id'?: string;
  lang?: 'de' | 'en' | string;
  'on-registered'?: string;
  'return-url'?: string;
  sandbox?: boolean | '';
  'kiosk-code'?: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-checkin': LucaCheckinElement;
  }
  interface DocumentEventMap extends LucaCheckinEventMap {}
  interface Window {
    lucaCheckin?: LucaCheckinGlobal;
  }
}
