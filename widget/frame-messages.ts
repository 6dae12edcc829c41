/**
 * What `<luca-checkin>` does for each message its frame sends, as data: the element
 * (widget/luca-checkin.ts) carries it out on the page. Kept free of the DOM so that it is tested
 * in Node (widget/frame-messages.test.ts), and free of dependencies so that the loader stays
 * small (types only from protocol/widget.ts).
 */
import type { ErrorDetail, FrameMessage, RegisteredDetail } from '../protocol/widget.ts';

export interface LucaCheckinDetail extends RegisteredDetail {
  /** The host's own booking id (the booking-id attribute), so that every registration finds its booking. */
  bookingId?: string;
}

export interface LucaCheckinErrorDetail extends ErrorDetail {
  /** The attribute to fix, when the problem is one. */
  attribute?: string;
  bookingId?: string;
}

/** The element's answer to one message, in the order it is carried out. */
export interface FrameReaction {
  /** The frame is up: take its port, follow the page's theme, hand it the kiosk code. */
  ready?: true;
  /** The frame's new height, CSS pixels. */
  height?: number;
  /** Whether a registration is under way (the host should not close its dialog). */
  busy?: boolean;
  /** For the site's developer, in the console. */
  warnings?: string[];
  /** An event fired on the element: its type and detail. */
  event?:
    | ['luca-checkin-ready', { bookingId?: string }]
    | ['luca-checkin-submitting', LucaCheckinDetail]
    | ['luca-checkin-error', LucaCheckinErrorDetail];
  /** Stored: the registered event, the host's on-registered function and return-url. */
  registered?: LucaCheckinDetail;
  /** Scroll the page by this many pixels, to bring a part of the frame into view. */
  scrollBy?: number;
}

/** The frame element, asked where it is only when a message needs it (a layout read). */
export interface FrameBox {
  getBoundingClientRect(): { top: number };
}

/** The detail with the host's booking id, when it set one. */
export function withBooking<T extends object>(detail: T, bookingId: string | null): T & { bookingId?: string } {
  return bookingId ? { ...detail, bookingId } : detail;
}

/** The tallest the frame may make itself. */
const MAX_FRAME_HEIGHT = 4000;

export function frameReaction(message: FrameMessage, bookingId: string | null, frame: FrameBox, viewportHeight: number): FrameReaction {
  switch (message.type) {
    case 'ready':
      return { ready: true };
    case 'resize':
      return Number.isFinite(message.height) && message.height > 0 ? { height: Math.min(message.height, MAX_FRAME_HEIGHT) } : {};
    case 'form-shown':
      return { busy: false, event: ['luca-checkin-ready', withBooking({}, bookingId)] };
    case 'submitting': {
      const { type: _type, ...detail } = message;
      return { busy: true, event: ['luca-checkin-submitting', withBooking(detail, bookingId)] };
    }
    case 'registered': {
      const { type: _type, ...detail } = message;
      return { busy: false, registered: withBooking(detail, bookingId) };
    }
    case 'error': {
      const { type: _type, ...detail } = message;
      return {
        busy: false,
        warnings: [`luca-checkin (${detail.code}): ${detail.message}`],
        event: ['luca-checkin-error', withBooking(detail, bookingId)],
      };
    }
    case 'theme-rejected':
      return {
        warnings: message.rejected.map(
          ({ name, value, reason }) =>
            `luca-checkin (theme): ${name}: ${value} not applied (${reason === 'contrast' ? 'contrast below WCAG AA' : 'not a valid value'}).`,
        ),
      };
    case 'reveal': {
      // The frame is as tall as its content: the page scrolls, so the element brings the spot into view.
      const frameTop = frame.getBoundingClientRect().top;
      const top = frameTop + message.top;
      const bottom = frameTop + message.bottom;
      if (top >= 0 && bottom <= viewportHeight) return {};
      return { scrollBy: bottom > viewportHeight && bottom - top < viewportHeight ? bottom - viewportHeight : top };
    }
  }
}
