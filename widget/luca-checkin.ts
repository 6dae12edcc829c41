import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { CONNECT_MESSAGE, type ElementMessage, type ErrorDetail, type FrameMessage, type RegisteredDetail, THEME_PROPERTIES } from '../protocol/widget.ts';

/** The app's origin: where this module was loaded from, and where the frame lives. */
const APP_ORIGIN = new URL(import.meta.url).origin;
/** Without a "ready" from the frame by then, it was refused (CSP frame-ancestors) or is unreachable. */
const READY_TIMEOUT_MS = 15_000;

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

function isFrameMessage(data: unknown): data is FrameMessage {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

/**
 * `<luca-checkin>`: luca check-in for a venue's own website (table booking, cinema ticket) and
 * for a kiosk tablet at the door. The guest's contact data is typed into a frame served from the
 * luca app's origin and encrypted there; this element, living in the host page, only ever sees
 * the outcome (trust model 13).
 *
 * ```html
 * <script type="module" src="https://luca.example/widget/luca-checkin.js"></script>
 * <luca-checkin venue="1.…" mode="booking" slot-start="2026-11-28T19:00+01:00" slot-end="2026-11-28T21:00+01:00" reference="Tisch 4"></luca-checkin>
 * ```
 *
 * @attr venue - the venue's pinned configuration, as copied from the luca venue app (required)
 * @attr mode - booking | ticket | kiosk (default booking)
 * @attr slot-start - start of the booked window, ISO 8601 (booking, ticket)
 * @attr slot-end - end of the booked window, ISO 8601 (booking, ticket)
 * @attr reference - table, ticket or seat, e.g. "Saal 2 · Reihe F · Platz 12" (optional)
 * @attr lang - de | en (default: the page's language, else German)
 * @attr kiosk-code - the kiosk's current rotating code (kiosk mode on the luca kiosk page)
 *
 * @fires luca-checkin-registered - a guest registered; detail: { checkinId, cancelToken, window: { start, end } }
 * @fires luca-checkin-cancelled - a registration was cancelled with cancel(); detail: { checkinId }
 * @fires luca-checkin-error - something failed; detail: { code, message }
 *
 * @csspart frame - the frame holding the form
 * @csspart message - a problem with the embedding, shown instead of the form
 *
 * @cssproperty --luca-checkin-accent - buttons and links (default #0b5cad)
 * @cssproperty --luca-checkin-accent-ink - text on buttons (default #ffffff)
 * @cssproperty --luca-checkin-ink - text (default #14213d)
 * @cssproperty --luca-checkin-background - background of the form (default #ffffff)
 * @cssproperty --luca-checkin-radius - corner radius of fields and buttons (default 0.75rem)
 */
export class LucaCheckin extends LitElement {
  static override properties = {
    venue: { type: String },
    mode: { type: String },
    slotStart: { type: String, attribute: 'slot-start' },
    slotEnd: { type: String, attribute: 'slot-end' },
    reference: { type: String },
    lang: { type: String },
    kioskCode: { type: String, attribute: 'kiosk-code' },
    problem: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
    iframe {
      display: block;
      width: 100%;
      height: 24rem;
      border: 0;
      color-scheme: normal;
    }
    [part='message'] {
      padding: 1rem;
      border: 2px solid #a4161a;
      color: #a4161a;
      font: inherit;
    }
  `;

  declare venue: string;
  declare mode: string;
  declare slotStart: string | undefined;
  declare slotEnd: string | undefined;
  declare reference: string | undefined;
  declare kioskCode: string | undefined;
  declare problem: string | undefined;
  private port: MessagePort | undefined;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles when a frame is connected; replaced (unsettled) while a new frame loads. */
  private ready: Promise<MessagePort>;
  private markReady: ((port: MessagePort) => void) | undefined;
  private nextRequest = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** Only the newest embedding check may set or clear the problem. */
  private embeddingCheck = 0;

  constructor() {
    super();
    this.venue = '';
    this.mode = 'booking';
    this.ready = this.newReadyPromise();
  }

  /**
   * Cancels a registration with the cancel token from luca-checkin-registered (for example when
   * the booking is cancelled). Resolves once it is deleted; rejects with the reason otherwise.
   */
  async cancel(token: string): Promise<void> {
    const port = await this.ready;
    const requestId = ++this.nextRequest;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(requestId, { resolve, reject });
      port.postMessage({ type: 'cancel', requestId, token } satisfies ElementMessage);
    });
  }

  private newReadyPromise(): Promise<MessagePort> {
    return new Promise((resolve) => (this.markReady = resolve));
  }

  /** A frame went away (reload or removal): its port is gone, and so are answers to requests sent over it. */
  private dropFrame(reason: string): void {
    this.port?.close();
    this.port = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(new Error(reason));
    this.waiting.clear();
    // Callers of cancel() wait for the next frame; only a settled promise is replaced.
    if (!this.markReady) this.ready = this.newReadyPromise();
  }

  private get language(): 'de' | 'en' {
    const lang = (this.lang || this.closest('[lang]')?.getAttribute('lang') || 'de').toLowerCase();
    return lang.startsWith('en') ? 'en' : 'de';
  }

  private get frameSrc(): string {
    // Only the venue goes to the server (it chooses the frame's frame-ancestors); the booking's
    // time and reference stay in the fragment, out of server logs.
    const details = new URLSearchParams({ mode: this.mode || 'booking', lang: this.language });
    if (this.slotStart) details.set('start', this.slotStart);
    if (this.slotEnd) details.set('end', this.slotEnd);
    if (this.reference) details.set('ref', this.reference);
    return `${APP_ORIGIN}/widget/frame?${new URLSearchParams({ venue: this.venue }).toString()}#${details.toString()}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('venue')) {
      this.problem = undefined;
      void this.checkEmbedding();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('kioskCode') && this.kioskCode) this.port?.postMessage({ type: 'kiosk-code', code: this.kioskCode } satisfies ElementMessage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.readyTimer);
    this.dropFrame('the luca-checkin element was removed');
  }

  /** Asks the app whether this website may embed the venue, to explain a refusal right away. */
  private async checkEmbedding(): Promise<void> {
    const check = ++this.embeddingCheck;
    const venueId = this.venue.split('.')[1];
    if (!venueId || location.origin === APP_ORIGIN) return;
    try {
      const response = await fetch(`${APP_ORIGIN}/api/venues/${encodeURIComponent(venueId)}/embedding`);
      if (response.ok || check !== this.embeddingCheck) return;
      const body = (await response.json()) as { error?: ErrorDetail };
      if (check === this.embeddingCheck) this.fail(body.error ?? { code: 'origin_not_allowed', message: `HTTP ${response.status}` }, true);
    } catch {
      // Offline or blocked: the frame explains it itself, or the ready timeout reports it.
    }
  }

  private fail(detail: ErrorDetail, replaceForm: boolean): void {
    if (replaceForm) this.problem = detail.message;
    this.dispatchEvent(new CustomEvent<ErrorDetail>('luca-checkin-error', { detail, bubbles: true, composed: true }));
  }

  private onFrameLoad(event: Event): void {
    const frame = event.target as HTMLIFrameElement;
    this.dropFrame('the luca form was reloaded');
    const channel = new MessageChannel();
    channel.port1.onmessage = (message: MessageEvent) => {
      if (isFrameMessage(message.data)) this.onFrameMessage(message.data, frame, channel.port1);
    };
    // Targeted at the app's origin: if the frame shows anything else, the port goes nowhere.
    frame.contentWindow?.postMessage(CONNECT_MESSAGE, APP_ORIGIN, [channel.port2]);
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => this.fail({ code: 'frame_unavailable', message: 'The luca form could not be loaded here (offline, or this website is not allowed to embed it).' }, false), READY_TIMEOUT_MS);
  }

  private onFrameMessage(message: FrameMessage, frame: HTMLIFrameElement, port: MessagePort): void {
    switch (message.type) {
      case 'ready': {
        clearTimeout(this.readyTimer);
        this.port = port;
        const style = getComputedStyle(this);
        const properties: Record<string, string> = {};
        for (const name of THEME_PROPERTIES) {
          const value = style.getPropertyValue(name).trim();
          if (value) properties[name] = value;
        }
        port.postMessage({ type: 'theme', properties } satisfies ElementMessage);
        if (this.kioskCode) port.postMessage({ type: 'kiosk-code', code: this.kioskCode } satisfies ElementMessage);
        this.markReady?.(port);
        this.markReady = undefined;
        break;
      }
      case 'resize':
        if (Number.isFinite(message.height) && message.height > 0) frame.style.height = `${Math.min(message.height, 4000)}px`;
        break;
      case 'registered': {
        const { checkinId, cancelToken, window } = message;
        this.dispatchEvent(new CustomEvent<RegisteredDetail>('luca-checkin-registered', { detail: { checkinId, cancelToken, window }, bubbles: true, composed: true }));
        break;
      }
      case 'cancelled':
        this.waiting.get(message.requestId)?.resolve();
        this.waiting.delete(message.requestId);
        this.dispatchEvent(new CustomEvent<{ checkinId: string }>('luca-checkin-cancelled', { detail: { checkinId: message.checkinId }, bubbles: true, composed: true }));
        break;
      case 'error': {
        const { code, message: text } = message;
        // A failed cancel() rejects its promise; everything else is an error event.
        if (message.requestId !== undefined) {
          this.waiting.get(message.requestId)?.reject(new Error(text));
          this.waiting.delete(message.requestId);
        } else {
          this.fail({ code, message: text }, false);
        }
        break;
      }
    }
  }

  override render() {
    if (this.problem) return html`<p part="message" role="alert">${this.problem}</p>`;
    // Until the host has set what the mode needs (a booking's slot), there is nothing to show yet.
    if (!this.venue || (this.mode !== 'kiosk' && !(this.slotStart && this.slotEnd))) return nothing;
    const title = this.language === 'en' ? 'luca check-in: contact details' : 'luca-Check-in: Kontaktdaten';
    return html`<iframe
      part="frame"
      title=${title}
      src=${this.frameSrc}
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
      allow="camera 'none'; microphone 'none'; geolocation 'none'"
      referrerpolicy="no-referrer"
      @load=${this.onFrameLoad}
    ></iframe>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-checkin': LucaCheckin;
  }
  interface HTMLElementEventMap {
    'luca-checkin-registered': CustomEvent<RegisteredDetail>;
    'luca-checkin-cancelled': CustomEvent<{ checkinId: string }>;
    'luca-checkin-error': CustomEvent<ErrorDetail>;
  }
}
