import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { type AttributeProblem, type WidgetMode, checkHostAttributes } from '../protocol/widget-attributes.ts';
import { CONNECT_MESSAGE, type ElementMessage, type ErrorDetail, type FrameMessage } from '../protocol/widget.ts';
import { emit } from '../client/emit.ts';
import { loaderOrigin } from './app-origin.ts';
import { cancelRegistration } from './cancel-registration.ts';
import { type ElementLang, elementMessages } from './element-messages.ts';
import { type LucaCheckinDetail, type LucaCheckinErrorDetail, frameReaction, withBooking } from './frame-messages.ts';
import { type HostTheme, watchTheme } from './theme-watch.ts';

/** The app's origin: where this loader was loaded from, and where the frame lives. */
const APP_ORIGIN = loaderOrigin();
/** Without a "ready" from the frame by then, it was refused (CSP, frame-ancestors) or is unreachable. */
const READY_TIMEOUT_MS = 15_000;
/** A single-page app may set the slot just after creating the element: a missing slot is reported only if it stays missing. */
const MISSING_SLOT_GRACE_MS = 1_500;
/** A global function (or a property path of one) that on-registered may name. */
const FUNCTION_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

export type { LucaCheckinDetail, LucaCheckinErrorDetail } from './frame-messages.ts';

function isFrameMessage(data: unknown): data is FrameMessage {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

/**
 * `<luca-checkin>`: luca check-in for a venue's own website (table booking, cinema ticket) and
 * for a kiosk tablet at the door. The guest's contact data is typed into a frame served from the
 * luca app's origin and encrypted there; this element, living in the host page, only ever sees
 * the outcome (trust model 13). Every attribute is checked before anything is shown, and every
 * problem is said in the console (how to fix it) and as an error event (docs/WIDGET.md).
 *
 * @attr venue - the venue's pinned configuration, as copied from the luca venue app (required)
 * @attr mode - booking | ticket | kiosk (default booking)
 * @attr slot-start - start of the booked window, ISO 8601 with an offset, e.g. 2026-12-01T19:00+01:00 (booking, ticket)
 * @attr slot-end - end of the booked window, ISO 8601 with an offset (booking, ticket)
 * @attr reference - table, ticket or seat, e.g. "Saal 2 · Reihe F · Platz 12" (optional, at most 80 characters)
 * @attr party-size - persons in the booking, the booker included, 1-10 (booking, ticket; optional: else the form asks)
 * @attr seats - one seat per person, separated by spaces, e.g. "F12 F13 F14" (ticket, booking; optional; implies party-size)
 * @attr booking-id - the host's own id for this booking, carried into every event (optional, never sent to luca)
 * @attr lang - de | en (default: the page's language, else German)
 * @attr on-registered - the name of a global function called with the registered event's detail (no inline script needed)
 * @attr return-url - a page of this website to go to after registering, with ?luca_checkin, luca_cancel and luca_booking added
 * @attr sandbox - test mode: everything as real, but nothing is stored
 * @attr kiosk-code - the kiosk's current rotating code (kiosk mode on the luca kiosk page)
 *
 * @fires luca-checkin-ready - a fresh, empty form is shown; detail: { bookingId }
 * @fires luca-checkin-submitting - sealed and being sent: keep the token now; detail: { checkinId, cancelToken, window, bookingId, sandbox }
 * @fires luca-checkin-registered - stored; detail: { checkinId, cancelToken, window, bookingId, sandbox }
 * @fires luca-checkin-cancelled - cancel() deleted a registration; detail: { checkinId }
 * @fires luca-checkin-error - something failed; detail: { code, message, attribute?, bookingId? }
 *
 * @csspart frame - the frame holding the form
 * @csspart message - a problem, shown instead of the form
 *
 * @cssproperty --luca-checkin-font - font family (one the guest's device has: web fonts of the page do not reach the frame)
 * @cssproperty --luca-checkin-accent - buttons and links (default #0b5cad)
 * @cssproperty --luca-checkin-accent-ink - text on buttons (default #ffffff)
 * @cssproperty --luca-checkin-ink - text (default #14213d)
 * @cssproperty --luca-checkin-muted - secondary text (default #4a5568)
 * @cssproperty --luca-checkin-error - error text (default #a4161a)
 * @cssproperty --luca-checkin-background - background of the form (default #ffffff)
 * @cssproperty --luca-checkin-input-background - fields (default #ffffff)
 * @cssproperty --luca-checkin-input-ink - text in fields (default #14213d)
 * @cssproperty --luca-checkin-input-border - borders of fields (default #6b7280)
 * @cssproperty --luca-checkin-radius - corner radius of fields and buttons (default 0.75rem)
 */
export class LucaCheckin extends LitElement {
  static override properties = {
    venue: { type: String },
    mode: { type: String },
    slotStart: { type: String, attribute: 'slot-start' },
    slotEnd: { type: String, attribute: 'slot-end' },
    reference: { type: String },
    partySize: { type: String, attribute: 'party-size' },
    seats: { type: String },
    bookingId: { type: String, attribute: 'booking-id' },
    lang: { type: String },
    onRegistered: { type: String, attribute: 'on-registered' },
    returnUrl: { type: String, attribute: 'return-url' },
    sandbox: { type: Boolean },
    kioskCode: { type: String, attribute: 'kiosk-code' },
    busy: { type: Boolean, reflect: true },
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
    }
    [part='message'] {
      padding: 1rem;
      border: 2px solid currentColor;
      font: inherit;
    }
  `;

  declare venue: string | null;
  /** One of the three modes; what markup writes is checked (checkHostAttributes) before it is used. */
  declare mode: WidgetMode | null;
  declare slotStart: string | null;
  declare slotEnd: string | null;
  declare reference: string | null;
  /** Checked by the frame (protocol/widget-attributes.ts checkParty), which says what is wrong like any attribute problem. */
  declare partySize: string | undefined;
  declare seats: string | undefined;
  declare bookingId: string | null;
  declare onRegistered: string | null;
  declare returnUrl: string | null;
  declare sandbox: boolean;
  declare kioskCode: string | null;
  /** True from "submitting" until the registration is stored or failed: a host should not close its dialog meanwhile. */
  declare busy: boolean;
  declare problem: string | undefined;
  /** The attributes the loader checks are complete: the frame may load (it checks the slot itself). */
  private ready: boolean | undefined;
  private reported = '';
  private port: MessagePort | undefined;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;
  private slotTimer: ReturnType<typeof setTimeout> | undefined;
  private stopWatching: (() => void) | undefined;
  private cspBlocked = false;
  /** Only the newest embedding check may set the problem. */
  private embeddingCheck = 0;
  /** The venue attribute the last embedding check asked about. */
  private embeddingAsked: string | undefined;
  private readonly onViolation = (event: SecurityPolicyViolationEvent) => this.cspViolation(event);

  constructor() {
    super();
    this.venue = null;
    this.mode = null;
    this.slotStart = null;
    this.slotEnd = null;
    this.reference = null;
    this.bookingId = null;
    this.onRegistered = null;
    this.returnUrl = null;
    this.sandbox = false;
    this.kioskCode = null;
    this.busy = false;
  }

  /**
   * Cancels a registration with its cancel token (from luca-checkin-submitting or -registered),
   * straight with the luca API: it works on any element, with or without a form on the page,
   * and rejects with a LucaCheckinError (code, message) when refused or after 10 s without answer.
   */
  async cancel(token: string): Promise<void> {
    const { checkinId } = await cancelRegistration(APP_ORIGIN, token);
    emit(this, 'luca-checkin-cancelled', { checkinId });
  }

  private get language(): ElementLang {
    const lang = (this.lang || this.closest('[lang]')?.getAttribute('lang') || 'de').toLowerCase();
    return lang.startsWith('en') ? 'en' : 'de';
  }

  private get text() {
    return elementMessages[this.language];
  }

  private get frameSrc(): string {
    // Only the venue goes to the server (it chooses the frame's frame-ancestors); the booking's
    // time and reference stay in the fragment, out of server logs.
    const details = new URLSearchParams({ mode: this.mode ?? 'booking', lang: this.language });
    for (const [key, value] of [
      ['start', this.slotStart],
      ['end', this.slotEnd],
      ['ref', this.reference],
      ['party', this.partySize],
      ['seats', this.seats],
      ['sandbox', this.sandbox && '1'],
    ] as const)
      if (value) details.set(key, value);
    return `${APP_ORIGIN}/widget/frame?${new URLSearchParams({ venue: this.venue?.trim() ?? '' }).toString()}#${details.toString()}`;
  }

  /** Tells the site's developer (console, once per problem) and the host page (an error event). */
  private report(problem: AttributeProblem | (ErrorDetail & { attribute?: string }), shown: string | undefined): void {
    this.problem = shown;
    const key = `${problem.code}|${problem.message}`;
    if (key === this.reported) return;
    this.reported = key;
    console.warn(`luca-checkin (${problem.code}): ${problem.message}`);
    emit(
      this,
      'luca-checkin-error',
      withBooking(
        {
          code: problem.code,
          message: problem.message,
          ...('attribute' in problem && problem.attribute ? { attribute: problem.attribute } : {}),
        },
        this.bookingId,
      ),
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const attributes = ['venue', 'mode', 'slotStart', 'slotEnd', 'bookingId'] as const;
    if (!attributes.some((name) => changed.has(name)) && this.ready !== undefined) return;
    clearTimeout(this.slotTimer);
    const problem = checkHostAttributes({
      venue: this.venue,
      mode: this.mode,
      slotStart: this.slotStart,
      slotEnd: this.slotEnd,
      bookingId: this.bookingId,
    });
    this.ready = problem === undefined;
    if (!problem) {
      this.problem = undefined;
      this.reported = '';
      if (this.venue !== this.embeddingAsked) void this.checkEmbedding();
    } else if (problem.code === 'missing_slot') {
      this.problem = undefined;
      this.slotTimer = setTimeout(() => this.report(problem, undefined), MISSING_SLOT_GRACE_MS);
    } else {
      this.report(problem, this.text.setup);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('kioskCode') && this.kioskCode) this.post({ type: 'kiosk-code', code: this.kioskCode });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('securitypolicyviolation', this.onViolation);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.readyTimer);
    clearTimeout(this.slotTimer);
    document.removeEventListener('securitypolicyviolation', this.onViolation);
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.port?.close();
    this.port = undefined;
  }

  private post(message: ElementMessage): void {
    this.port?.postMessage(message);
  }

  /** A page whose Content-Security-Policy blocks the frame or the API: name the directive and the entry it needs. */
  private cspViolation(event: SecurityPolicyViolationEvent): void {
    if (!event.blockedURI.startsWith(APP_ORIGIN)) return;
    const directive = event.effectiveDirective;
    if (directive === 'frame-src' || directive === 'child-src' || directive === 'default-src') {
      this.cspBlocked = true;
      this.report(
        { code: 'csp_frame_src', message: `the page's Content-Security-Policy blocks the form: add ${APP_ORIGIN} to frame-src.` },
        this.text.setup,
      );
    } else if (directive === 'connect-src') {
      console.warn(
        `luca-checkin (csp_connect_src): the page's Content-Security-Policy blocks ${APP_ORIGIN}: add it to connect-src (embedding check, cancel()).`,
      );
    }
  }

  /**
   * Asks the app whether this website (and every page it is framed in: a site builder's preview)
   * may embed the venue, to explain a refusal at once; the browser enforces it anyway through the
   * frame's frame-ancestors.
   */
  private async checkEmbedding(): Promise<void> {
    const check = ++this.embeddingCheck;
    this.embeddingAsked = this.venue ?? undefined;
    const venueId = this.venue?.split('.')[1];
    if (!venueId || location.origin === APP_ORIGIN) return;
    // Firefox has no ancestorOrigins, whatever the DOM types say.
    const ancestorOrigins = location.ancestorOrigins as DOMStringList | undefined;
    const ancestors = [...(ancestorOrigins ?? [])].filter((origin) => origin !== 'null');
    const query = ancestors.length > 0 ? `?${new URLSearchParams({ ancestors: ancestors.join(' ') }).toString()}` : '';
    try {
      const response = await fetch(`${APP_ORIGIN}/api/venues/${encodeURIComponent(venueId)}/embedding${query}`);
      if (response.ok || check !== this.embeddingCheck) return;
      const body = (await response.json()) as { error?: ErrorDetail };
      const detail = body.error ?? { code: 'origin_not_allowed', message: `HTTP ${response.status}` };
      const notAllowed = detail.code === 'origin_not_allowed' || detail.code === 'ancestor_not_allowed';
      if (check === this.embeddingCheck) this.report(detail, notAllowed ? this.text.notAllowed : this.text.setup);
    } catch {
      // Offline or blocked (CSP connect-src is reported by cspViolation): the ready timeout reports the rest.
    }
  }

  private onFrameLoad(event: Event): void {
    const frame = event.target as HTMLIFrameElement;
    this.port?.close();
    this.port = undefined;
    const channel = new MessageChannel();
    channel.port1.onmessage = (message: MessageEvent) => {
      if (isFrameMessage(message.data)) this.onFrameMessage(message.data, frame, channel.port1);
    };
    // Targeted at the app's origin: if the frame shows anything else, the port goes nowhere.
    frame.contentWindow?.postMessage(CONNECT_MESSAGE, APP_ORIGIN, [channel.port2]);
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => this.frameUnavailable(), READY_TIMEOUT_MS);
  }

  private frameUnavailable(): void {
    if (this.cspBlocked || this.problem) return;
    const message = navigator.onLine
      ? `no answer from ${APP_ORIGIN}: is this website one of the venue's websites, and does the page's Content-Security-Policy allow frame-src ${APP_ORIGIN}?`
      : 'this device is offline.';
    this.report({ code: navigator.onLine ? 'frame_unavailable' : 'offline', message }, this.text.unavailable);
  }

  private sendTheme(theme: HostTheme): void {
    this.post({ type: 'theme', properties: theme.properties, scheme: theme.scheme });
  }

  /** Carries out what frame-messages.ts decides for a message of the frame. */
  private onFrameMessage(message: FrameMessage, frame: HTMLIFrameElement, port: MessagePort): void {
    const reaction = frameReaction(message, this.bookingId, frame, innerHeight);
    if (reaction.ready) {
      clearTimeout(this.readyTimer);
      this.port = port;
      this.stopWatching?.();
      this.stopWatching = watchTheme(this, (theme) => this.sendTheme(theme));
      if (this.kioskCode) this.post({ type: 'kiosk-code', code: this.kioskCode });
    }
    if (reaction.height) frame.style.height = `${reaction.height}px`;
    if (reaction.busy !== undefined) this.busy = reaction.busy;
    for (const warning of reaction.warnings ?? []) console.warn(warning);
    if (reaction.event) emit(this, ...reaction.event);
    if (reaction.registered) this.registered(reaction.registered);
    if (reaction.scrollBy !== undefined) scrollBy({ top: reaction.scrollBy });
  }

  /** The event, then the host's callback and return page where it named them. */
  private registered(detail: LucaCheckinDetail): void {
    emit(this, 'luca-checkin-registered', detail);
    // A host that closed its dialog and removed the element still hears of it on the document.
    if (!this.isConnected) emit(document, 'luca-checkin-registered', detail);
    if (this.onRegistered) this.callHost(this.onRegistered, detail);
    if (this.returnUrl) this.goToReturnUrl(this.returnUrl, detail);
  }

  private callHost(path: string, detail: LucaCheckinDetail): void {
    let target: unknown = FUNCTION_PATH.test(path) ? globalThis : undefined;
    for (const key of path.split('.'))
      target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    if (typeof target === 'function') (target as (detail: LucaCheckinDetail) => void)(detail);
    else console.warn(`luca-checkin (on_registered): window.${path} is no function.`);
  }

  private goToReturnUrl(url: string, detail: LucaCheckinDetail): void {
    const target = new URL(url, location.href);
    // Only a page of this website: the cancel token must not travel to another site.
    if (target.origin !== location.origin) {
      console.warn(`luca-checkin (return_url): return-url must be on ${location.origin}.`);
      return;
    }
    target.searchParams.set('luca_checkin', detail.checkinId);
    target.searchParams.set('luca_cancel', detail.cancelToken);
    if (detail.bookingId) target.searchParams.set('luca_booking', detail.bookingId);
    location.assign(target.href);
  }

  override render() {
    if (this.problem) return html`<p part="message" role="alert">${this.problem}</p>`;
    // Until the host has set what the mode needs (a booking's slot), there is nothing to show yet.
    if (!this.ready) return nothing;
    return html`<iframe
      part="frame"
      title=${this.text.title}
      src=${this.frameSrc}
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
      allow="camera 'none'; microphone 'none'; geolocation 'none'"
      referrerpolicy="no-referrer"
      @load=${this.onFrameLoad}
    ></iframe>`;
  }
}

declare global {
  /** What the element tells the host page (for integrators: LucaCheckinEventMap in widget/package/index.d.ts). */
  interface HTMLElementEventMap {
    'luca-checkin-ready': CustomEvent<{ bookingId?: string }>;
    'luca-checkin-submitting': CustomEvent<LucaCheckinDetail>;
    'luca-checkin-registered': CustomEvent<LucaCheckinDetail>;
    'luca-checkin-cancelled': CustomEvent<{ checkinId: string }>;
    'luca-checkin-error': CustomEvent<LucaCheckinErrorDetail>;
  }
}
