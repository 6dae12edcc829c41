/**
 * What <luca-checkin> does for each message of its frame (widget/frame-messages.ts), without a
 * DOM: the events it fires (with the host's booking id), its busy state, the frame's height, the
 * console, the registration handed on to on-registered and return-url, and the scrolling.
 */
import { describe, expect, it } from 'vitest';
import type { FrameMessage } from '../protocol/widget.ts';
import { type FrameBox, frameReaction, withBooking } from './frame-messages.ts';

const registration = {
  checkinId: 'AAAAAAAAAAAAAAAAAAAAAA',
  cancelToken: `AAAAAAAAAAAAAAAAAAAAAA.${'S'.repeat(43)}`,
  window: { start: '2026-12-01T18:00:00.000Z', end: '2026-12-01T20:00:00.000Z' },
};

/** A frame whose top is `top` pixels below the viewport's, counting how often it was measured. */
function frameAt(top: number): FrameBox & { measured: number } {
  const frame = {
    measured: 0,
    getBoundingClientRect() {
      frame.measured++;
      return { top };
    },
  };
  return frame;
}

const react = (message: FrameMessage, bookingId: string | null = null, frame: FrameBox = frameAt(0), viewportHeight = 800) =>
  frameReaction(message, bookingId, frame, viewportHeight);

describe('the element, on a message of its frame', () => {
  it('takes the frame as ready, and nothing else', () => {
    expect(react({ type: 'ready' })).toEqual({ ready: true });
  });

  it('sizes the frame to its content, within bounds, and ignores nonsense heights', () => {
    expect(react({ type: 'resize', height: 612 })).toEqual({ height: 612 });
    expect(react({ type: 'resize', height: 10_000 })).toEqual({ height: 4000 });
    for (const height of [0, -5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(react({ type: 'resize', height }), String(height)).toEqual({});
  });

  it('fires ready when a fresh form is shown, and is no longer busy', () => {
    expect(react({ type: 'form-shown' })).toEqual({ busy: false, event: ['luca-checkin-ready', {}] });
    expect(react({ type: 'form-shown' }, 'B-17')).toEqual({ busy: false, event: ['luca-checkin-ready', { bookingId: 'B-17' }] });
  });

  it('is busy from submitting, and tells the host the token at once, with its booking id', () => {
    expect(react({ type: 'submitting', ...registration }, 'B-17')).toEqual({
      busy: true,
      event: ['luca-checkin-submitting', { ...registration, bookingId: 'B-17' }],
    });
    expect(react({ type: 'submitting', ...registration, sandbox: true })).toEqual({
      busy: true,
      event: ['luca-checkin-submitting', { ...registration, sandbox: true }],
    });
  });

  it('hands a stored registration on (registered event, on-registered, return-url), no longer busy', () => {
    expect(react({ type: 'registered', ...registration }, 'B-17')).toEqual({
      busy: false,
      registered: { ...registration, bookingId: 'B-17' },
    });
    expect(react({ type: 'registered', ...registration })).toEqual({ busy: false, registered: registration });
  });

  it('reports an error in the console and as an error event, no longer busy', () => {
    expect(react({ type: 'error', code: 'offline', message: 'this device is offline.' }, 'B-17')).toEqual({
      busy: false,
      warnings: ['luca-checkin (offline): this device is offline.'],
      event: ['luca-checkin-error', { code: 'offline', message: 'this device is offline.', bookingId: 'B-17' }],
    });
  });

  it('tells the developer each theme value the frame did not apply, and why', () => {
    const reaction = react({
      type: 'theme-rejected',
      rejected: [
        { name: '--luca-checkin-accent', value: '#ffff00', reason: 'contrast' },
        { name: '--luca-checkin-radius', value: 'url(x)', reason: 'unsupported' },
      ],
    });
    expect(reaction).toEqual({
      warnings: [
        'luca-checkin (theme): --luca-checkin-accent: #ffff00 not applied (contrast below WCAG AA).',
        'luca-checkin (theme): --luca-checkin-radius: url(x) not applied (not a valid value).',
      ],
    });
    expect(reaction.busy).toBeUndefined();
  });

  it('scrolls a part of the frame into view only when it is not, and measures the frame only then', () => {
    const inView = frameAt(100);
    expect(react({ type: 'reveal', top: 50, bottom: 150 }, null, inView)).toEqual({});
    // Above the viewport: its top to the viewport's top.
    expect(react({ type: 'reveal', top: 50, bottom: 150 }, null, frameAt(-200))).toEqual({ scrollBy: -150 });
    // Below: its bottom to the viewport's bottom …
    expect(react({ type: 'reveal', top: 700, bottom: 900 }, null, frameAt(100))).toEqual({ scrollBy: 200 });
    // … unless it is taller than the viewport: then its top to the top.
    expect(react({ type: 'reveal', top: 700, bottom: 1600 }, null, frameAt(100))).toEqual({ scrollBy: 800 });
    const unmeasured = frameAt(0);
    react({ type: 'resize', height: 300 }, null, unmeasured);
    react({ type: 'form-shown' }, null, unmeasured);
    expect(unmeasured.measured).toBe(0);
    expect(inView.measured).toBe(1);
  });
});

describe('withBooking', () => {
  it('adds the host’s booking id only when there is one, and keeps the detail', () => {
    expect(withBooking({ code: 'x' }, null)).toEqual({ code: 'x' });
    expect(withBooking({ code: 'x' }, '')).toEqual({ code: 'x' });
    expect(withBooking({ code: 'x' }, 'B-17')).toEqual({ code: 'x', bookingId: 'B-17' });
  });
});
