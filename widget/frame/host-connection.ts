/**
 * The frame's side of the element <-> frame channel (PROTOCOL.md "Widget").
 *
 * The element posts CONNECT_MESSAGE with a MessagePort to this window, targeted at the app's
 * origin. The frame accepts it only from its direct parent and only if the parent's origin (as
 * the browser reports it, not as the page claims) is one the venue allows, or the app itself
 * (the kiosk page). Everything after that goes over the port, so no other window can listen in
 * or inject messages. The frame's CSP frame-ancestors already keeps other sites from framing it;
 * this check is the second lock, and it is what decides where results are sent.
 */
import * as v from 'valibot';
import { CONNECT_MESSAGE, type ElementMessage, type FrameMessage } from '../../protocol/widget.ts';

const ElementMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('kiosk-code'), code: v.pipe(v.string(), v.maxLength(120)) }),
  v.strictObject({
    type: v.literal('theme'),
    properties: v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.string(), v.maxLength(200))),
    scheme: v.optional(v.picklist(['light', 'dark'])),
  }),
]);

export class HostConnection {
  private port: MessagePort | undefined;
  private portOrigin: string | undefined;
  private pending: MessageEvent | undefined;
  private allowedOrigins: readonly string[] | 'any' | undefined;
  private readonly outbox: FrameMessage[] = [];

  constructor(private readonly onMessage: (message: ElementMessage) => void) {
    // Listen from the first moment: the element connects on the frame's load event, which can
    // come before the venue (and so the list of allowed origins) has been fetched.
    window.addEventListener('message', (event) => this.onWindowMessage(event));
  }

  /** True when the frame is embedded at all (a frame opened on its own has no host to talk to). */
  get embedded(): boolean {
    return window.parent !== window;
  }

  /**
   * Set once the venue is known; a waiting connection is then accepted or refused. 'any' is for
   * a frame that failed to load (no venue, wrong attributes): it will only ever send an error
   * code, which any parent may learn, so the site's developer hears of it at once.
   */
  authorize(allowedOrigins: readonly string[] | 'any'): void {
    this.allowedOrigins = allowedOrigins === 'any' ? 'any' : [location.origin, ...allowedOrigins];
    // A parent accepted earlier under 'any' (while the attributes were wrong) must now qualify.
    if (this.port && this.allowedOrigins !== 'any' && !this.allowedOrigins.includes(this.portOrigin ?? '')) {
      this.port.close();
      this.port = undefined;
    }
    if (this.pending) this.accept(this.pending);
  }

  send(message: FrameMessage): void {
    if (this.port) this.port.postMessage(message);
    else if (!this.portOrigin) this.outbox.push(message); // not connected yet (a refused parent gets nothing)
  }

  /**
   * The element (re)connects: on the frame's load event, which the browser may fire again when
   * only the booking in the fragment changed. The new port replaces the old one, which the
   * element has closed; only the same parent window may do this, under the same origin check.
   */
  private onWindowMessage(event: MessageEvent): void {
    if (event.source !== window.parent || event.data !== CONNECT_MESSAGE || event.ports.length !== 1) return;
    if (this.port && event.origin !== this.portOrigin) return;
    if (this.allowedOrigins) this.accept(event);
    else this.pending = event;
  }

  private accept(event: MessageEvent): void {
    this.pending = undefined;
    const port = event.ports[0];
    if (!port || !this.allowedOrigins || (this.allowedOrigins !== 'any' && !this.allowedOrigins.includes(event.origin))) return;
    this.port?.close();
    this.port = port;
    this.portOrigin = event.origin;
    port.onmessage = (message: MessageEvent) => {
      const parsed = v.safeParse(ElementMessageSchema, message.data);
      if (parsed.success) this.onMessage(parsed.output);
    };
    port.postMessage({ type: 'ready' } satisfies FrameMessage);
    for (const queued of this.outbox.splice(0)) port.postMessage(queued);
  }
}

/** Reports the page's height to the host whenever it changes, so the element can fit it without scrolling. */
export function reportHeight(connection: HostConnection): void {
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      connection.send({ type: 'resize', height });
    }
  }).observe(document.documentElement);
}
