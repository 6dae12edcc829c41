import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { LangProvider } from '../../client/locale.ts';
import { keyed } from 'lit/directives/keyed.js';
import { ProtocolError } from '../../protocol/bytes.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { type KioskToken, decodeKioskToken } from '../../protocol/kiosk-code.ts';
import type { VerifiedVenue } from '../../protocol/venue.ts';
import type { Companion } from '../../protocol/party.ts';
import { PARTY_LIMIT } from '../../protocol/party.ts';
import type { ElementMessage, ErrorDetail, FrameParams, RegisteredDetail } from '../../protocol/widget.ts';
import { bookerReference } from '../../protocol/widget-attributes.ts';
import { ApiRequestError } from '../../client/api.ts';
import type { ContactSavedDetail } from '../../client/luca-contact-form.ts';
import { formatWindow } from '../../client/format-window.ts';
import { formFields, theme } from '../../client/theme.ts';
import { TooEarlyError, type VisitWindow, fetchVerifiedVenue, officeKeyForVisit, registerVisit } from '../../client/visit-registration.ts';
import type { HostConnection } from './host-connection.ts';
import { formatDay } from './format-day.ts';
import { applyTheme } from './theme.ts';
import { type FrameMessages, frameMessages } from './messages.ts';
import { openUseSavedPopup } from './use-saved-popup.ts';
import { describeError } from '../../client/error-text.ts';
import type { ContactValues } from '../../client/contact-prefill.ts';
import type { LucaPartyFields } from './luca-party-fields.ts';

type Phase = 'loading' | 'form' | 'sending' | 'done' | 'fatal';

/** A kiosk form left half-filled is wiped after this long without input … */
const KIOSK_IDLE_MS = 90_000;
/** … after a warning this long before, with a button for more time (WCAG 2.2.1). */
const KIOSK_WARNING_MS = 20_000;
/** The kiosk's "checked in" screen gives way to a fresh form after this long. */
const KIOSK_DONE_MS = 8_000;

/** The kiosk page's current code; one that does not read is not sent (the Worker then asks for a fresh one at a kiosk-only venue). */
function kioskTokenOf(code: string): KioskToken | undefined {
  try {
    return decodeKioskToken(code);
  } catch {
    return undefined;
  }
}

/**
 * The widget's frame page: the guest's contact form, served from the app's origin so that what
 * the guest types never enters the host page's JavaScript (trust model 13). It verifies the
 * venue against the pins from the host's attributes, seals in this browser, submits, and tells
 * the host only what happened (registered / cancelled / error) over the port of HostConnection.
 *
 * No storage API is used here, in any mode: in kiosk mode each guest gets a new form element
 * (keyed), autofill is off, and an idle timer wipes an abandoned form.
 *
 * A group is one check-in (PROTOCOL.md "Check-in", "Groups"): the booker's contact form holds the
 * further persons' fields (luca-party-fields.ts, persons 2..n) and the check-in is sealed with
 * them as `companions`. Booking and ticket modes take the number of persons from the host's
 * party-size or seats, else ask for it; the kiosk lets a guest add persons. None of it reaches
 * the host page: its events are the same for one person or ten.
 */
export class LucaWidgetFrame extends LitElement {
  static override properties = {
    params: { attribute: false },
    phase: { state: true },
    venue: { state: true },
    problem: { state: true },
    generation: { state: true },
    popupOpen: { state: true },
    idleWarning: { state: true },
    partySize: { state: true },
    registeredSize: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :host {
        display: block;
        padding: 1rem;
        background: var(--luca-paper);
      }
      h1 {
        font-size: 1.3rem;
        margin: 0 0 0.25rem;
      }
      p {
        margin: 0.25rem 0 0.75rem;
      }
      .privacy {
        font-size: 0.9rem;
      }
      .actions {
        display: grid;
        gap: 0.5rem;
        margin-top: 1rem;
      }
      .warning {
        border: 2px solid var(--luca-danger);
        padding: 0.75rem;
      }
      .done {
        border-left: 6px solid var(--luca-ok);
        padding-left: 0.75rem;
      }
      .problem {
        border-left: 6px solid var(--luca-danger);
        padding: 0.5rem 0.75rem;
        margin-top: 0.75rem;
        font-weight: 600;
      }
      .sandbox {
        border: 2px dashed var(--luca-accent);
        padding: 0.4rem 0.6rem;
        font-weight: 600;
      }
      h2 {
        font-size: 1.1rem;
        margin: 1rem 0 0.5rem;
      }
      .party-size {
        display: grid;
        gap: 0.25rem;
        margin: 0.75rem 0 0.5rem;
      }
      .party-size select {
        justify-self: start;
        min-width: 6rem;
      }
      :host([mode='kiosk']) {
        font-size: 1.25rem;
      }
      :host([mode='kiosk']) h1 {
        font-size: 2rem;
      }
    `,
  ];

  declare params: FrameParams;
  declare phase: Phase;
  declare venue: VerifiedVenue | undefined;
  /** Shown above the form (a failed submission) or instead of it (phase "fatal"). */
  declare problem: string | undefined;
  /** Bumped to replace the form element by a fresh, empty one. */
  declare generation: number;
  /** The channel to the element in the host page (widget/frame/main.ts owns it). */
  declare host: HostConnection;
  declare popupOpen: boolean;
  /** The kiosk's "this form will be cleared" warning is showing. */
  declare idleWarning: boolean;
  /** Persons in the form, the booker included: the host's party-size or seats, the guest's answer, or the kiosk's list. */
  declare partySize: number;
  /** Persons in the check-in just registered (the "done" screen). */
  declare registeredSize: number;
  /** The further persons as checked with the booker's form, handed from its check to its submission. */
  private checkedCompanions: Companion[] | undefined;
  private warningTimer: ReturnType<typeof setTimeout> | undefined;
  private kioskCode: KioskToken | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /** The language of the frame and of the contact form in it. */
  private readonly language = new LangProvider(this, 'de');

  constructor() {
    super();
    this.phase = 'loading';
    this.generation = 0;
    this.popupOpen = false;
    this.idleWarning = false;
    this.partySize = 1;
    this.registeredSize = 1;
    this.addEventListener('input', () => this.restartIdleTimer());
    this.addEventListener('luca-party-change', (event) => (this.partySize = event.detail.size));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.setAttribute('mode', this.params.mode);
    // The host page chooses the language (its lang attribute) and may change it while the frame
    // is open (the kiosk's switch): the form then speaks it, keeping what was typed.
    if (changed.has('params')) this.language.set(this.params.lang ?? 'de', { remember: false });
  }

  private get messages(): FrameMessages {
    return frameMessages[this.language.lang];
  }

  private async load(): Promise<void> {
    try {
      const { venue, allowedOrigins } = await fetchVerifiedVenue(this.params.venue);
      this.host.authorize(allowedOrigins);
      this.venue = venue;
    } catch (error) {
      this.host.authorize('any');
      this.fail(
        error instanceof ProtocolError ? { code: 'venue_not_verified', message: this.messages.badVenue } : this.describe(error),
        true,
      );
      return;
    }
    await this.showForm();
  }

  /**
   * A fresh, empty form for the booking the parameters name, once its slot can be registered
   * (the office's key for its day is published: checked before the guest types anything).
   */
  private async showForm(): Promise<void> {
    const venue = this.venue;
    if (!venue) return;
    const booked = this.params.window;
    if (booked) {
      try {
        await officeKeyForVisit(venue, booked.start);
      } catch (error) {
        this.fail(this.describe(error), true);
        return;
      }
    }
    this.problem = undefined;
    this.freshForm();
    this.phase = 'form';
    this.host.send({ type: 'form-shown' });
  }

  /** New booking details from the host (slot, reference, mode, language): nothing of the last booking stays. */
  resetFor(params: FrameParams): void {
    const booking = (p: FrameParams) => JSON.stringify([p.mode, p.window, p.reference, p.party, p.sandbox]);
    const changed = booking(params) !== booking(this.params);
    this.params = params;
    if (!changed) return;
    clearTimeout(this.idleTimer);
    clearTimeout(this.warningTimer);
    this.idleWarning = false;
    this.phase = 'loading';
    void this.showForm();
  }

  onHostMessage(message: ElementMessage): void {
    if (message.type === 'theme') {
      const rejected = applyTheme(message.properties, message.scheme);
      if (rejected.length > 0) this.host.send({ type: 'theme-rejected', rejected });
    }
    if (message.type === 'kiosk-code') {
      this.kioskCode = kioskTokenOf(message.code);
    }
  }

  /** The booked window; at the kiosk, an open stay from now (stored without a departure, like an app scan before checkout). */
  private window(): VisitWindow {
    return this.params.window ?? { start: Date.now() };
  }

  private async onContact(event: CustomEvent<ContactSavedDetail>): Promise<void> {
    event.stopPropagation();
    const venue = this.venue;
    if (!venue || this.phase === 'sending') return;
    this.phase = 'sending';
    this.problem = undefined;
    const contact: ContactData = event.detail.contact;
    const companions = this.checkedCompanions ?? [];
    this.checkedCompanions = undefined;
    try {
      const kiosk = this.params.mode === 'kiosk' ? this.kioskCode : undefined;
      const onSealed = (detail: RegisteredDetail) => this.host.send({ type: 'submitting', ...detail });
      this.registered(
        await registerVisit(
          venue,
          contact,
          {
            window: this.window(),
            reference: bookerReference(this.params.reference, this.params.party),
            kiosk,
            ...(companions.length > 0 ? { companions } : {}),
          },
          { onSealed, sandbox: this.params.sandbox },
        ),
        1 + companions.length,
      );
    } catch (error) {
      this.phase = 'form';
      this.fail(this.describe(error), false);
      await this.revealProblem();
    }
  }

  /**
   * A failed submission is said next to the button the guest just pressed, focused, and brought
   * into the host page's view (the frame is as tall as its content: the host page scrolls, not
   * the frame, so the element is asked to scroll there).
   */
  private async revealProblem(): Promise<void> {
    await this.updateComplete;
    const problem = this.renderRoot.querySelector<HTMLElement>('[data-problem]');
    if (!problem) return;
    problem.focus({ preventScroll: true });
    const box = problem.getBoundingClientRect();
    const top = box.top + window.scrollY;
    this.host.send({ type: 'reveal', top: Math.max(0, Math.floor(top - 16)), bottom: Math.ceil(top + box.height + 16) });
  }

  /** After the frame's own form or the popup: tell the host, show the outcome, forget the form. */
  private registered(detail: RegisteredDetail, size = 1): void {
    this.host.send({ type: 'registered', ...detail });
    this.registeredSize = size;
    this.freshForm();
    this.phase = 'done';
    clearTimeout(this.idleTimer);
    if (this.params.mode === 'kiosk') this.idleTimer = setTimeout(() => this.nextGuest(), KIOSK_DONE_MS);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.done h1')?.focus());
  }

  private nextGuest(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.warningTimer);
    this.idleWarning = false;
    this.freshForm();
    this.problem = undefined;
    this.phase = 'form';
  }

  /** A new, empty form element (with new further-person fields): nothing of the last guest or group stays. */
  private freshForm(): void {
    this.generation += 1;
    this.partySize = this.params.party?.size ?? 1;
    this.checkedCompanions = undefined;
  }

  /** The contact form's check of the further persons, with the booker's country (their phone numbers' default). */
  private readonly checkParty = async (values: Partial<ContactValues>, focusTaken: boolean): Promise<boolean> => {
    const fields = this.renderRoot.querySelector<LucaPartyFields>('luca-party-fields');
    this.checkedCompanions = fields ? await fields.check(values.country ?? 'DE', !focusTaken) : [];
    return this.checkedCompanions !== undefined;
  };

  private restartIdleTimer(): void {
    if (this.params.mode !== 'kiosk' || this.phase !== 'form') return;
    clearTimeout(this.idleTimer);
    clearTimeout(this.warningTimer);
    this.idleWarning = false;
    this.warningTimer = setTimeout(() => (this.idleWarning = true), KIOSK_IDLE_MS - KIOSK_WARNING_MS);
    this.idleTimer = setTimeout(() => this.nextGuest(), KIOSK_IDLE_MS);
  }

  private async useSaved(): Promise<void> {
    const booked = this.params.window;
    if (!this.venue || this.popupOpen || !booked) return;
    this.problem = undefined;
    this.popupOpen = true;
    try {
      const outcome = await openUseSavedPopup(this.params, booked, (detail) => this.host.send({ type: 'submitting', ...detail }));
      if (outcome === 'blocked') this.problem = this.messages.popupBlocked;
      else if (outcome !== 'closed') this.registered(outcome);
    } finally {
      this.popupOpen = false;
    }
  }

  private describe(error: unknown): ErrorDetail {
    if (error instanceof TooEarlyError)
      return { code: 'too_early', message: this.messages.tooEarly(formatDay(error.day, this.language.lang)) };
    if (error instanceof ApiRequestError && error.code === 'offline') return { code: 'offline', message: this.messages.offline };
    // The guest reads this text (and the host page gets it with the code): never the server's English message.
    if (error instanceof ApiRequestError) return { code: error.code, message: describeError(error, this.messages.errors) };
    return { code: 'failed', message: describeError(error, this.messages.errors) };
  }

  private fail(detail: ErrorDetail, fatal: boolean): void {
    this.problem = detail.message;
    if (fatal) this.phase = 'fatal';
    this.host.send({ type: 'error', ...detail });
  }

  /** " · 4 Personen · Plätze F12 F13 F14 F15" when the host page booked a group. */
  private bookedParty() {
    const party = this.params.party;
    if (!party || party.size === 1) return nothing;
    const m = this.messages;
    return html` · ${m.persons(party.size)}${party.seats ? html` · ${m.seats(party.seats.join(' '))}` : nothing}`;
  }

  /** Booking and ticket modes without party-size or seats: the guest says how many come. */
  private renderSizeQuestion() {
    const m = this.messages;
    const sizes = Array.from({ length: PARTY_LIMIT }, (_, index) => index + 1);
    return html`<div class="party-size">
      <label for="party-size">${m.partySize}</label>
      <select
        id="party-size"
        aria-describedby="party-size-hint"
        @change=${(event: Event) => (this.partySize = Number((event.target as HTMLSelectElement).value))}
      >
        ${sizes.map((size) => html`<option value=${size} ?selected=${size === this.partySize}>${size}</option>`)}
      </select>
      <span class="muted" id="party-size-hint">${m.partySizeHint}</span>
    </div>`;
  }

  private formatWindow(): string {
    const window = this.params.window;
    if (!window) return '';
    const { from, to } = formatWindow(window.start, window.end, this.language.lang);
    return this.messages.window(from, to);
  }

  override render() {
    const m = this.messages;
    if (this.phase === 'loading') return html`<p role="status">${m.loading}</p>`;
    if (this.phase === 'fatal') return html`<div role="alert"><h1>${m.errorTitle}</h1><p>${this.problem}</p></div>`;
    const venue = this.venue;
    if (!venue) return nothing;
    const kiosk = this.params.mode === 'kiosk';
    if (this.phase === 'done') {
      return html`<div class="done" role="status">
        <h1 tabindex="-1">${kiosk ? m.doneKiosk : m.done}</h1>
        <p>${this.registeredSize > 1 ? m.doneDetailGroup(this.registeredSize) : m.doneDetail}</p>
        <div class="actions"><button class="secondary" @click=${this.nextGuest}>${kiosk ? m.nextGuest : m.another}</button></div>
      </div>`;
    }
    return html`${this.params.sandbox ? html`<p class="sandbox" role="note">${m.sandbox}</p>` : nothing}
      <h1>${kiosk ? m.titleKiosk(venue.card.name) : m.titleBooking(venue.card.name)}</h1>
      <p>${kiosk ? m.kioskIntro : this.formatWindow()}${this.params.reference ? html` · ${this.params.reference}` : nothing}${this.bookedParty()}</p>
      ${
        this.idleWarning
          ? html`<p role="alert" class="warning">${m.idleWarning} <button class="secondary" @click=${this.restartIdleTimer}>${m.moreTime}</button></p>`
          : nothing
      }
      ${
        // The saved-data popup registers one person: a group types its names here.
        kiosk || !this.host.embedded || this.partySize > 1
          ? nothing
          : html`<div class="actions">
            <button class="secondary" @click=${this.useSaved} aria-describedby="use-saved-hint" aria-disabled=${this.popupOpen ? 'true' : 'false'}>${m.useSaved}</button>
            <span class="muted" id="use-saved-hint">${m.useSavedHint}</span>
          </div>`
      }
      ${kiosk || this.params.party ? nothing : this.renderSizeQuestion()}
      ${this.partySize > 1 ? html`<h2>${m.booker}${this.params.party?.seats ? ` · ${m.seat(this.params.party.seats[0] ?? '')}` : ''}</h2>` : nothing}
      ${keyed(
        this.generation,
        html`<luca-contact-form
          .submitLabel=${this.phase === 'sending' ? m.sending : kiosk ? m.submitKiosk : m.submit}
          .alsoCheck=${this.checkParty}
          ?forgetful=${kiosk}
          ?busy=${this.phase === 'sending'}
          @luca-contact-saved=${this.onContact}
          >${
            kiosk || this.partySize > 1
              ? html`<luca-party-fields .size=${kiosk ? undefined : this.partySize} .seats=${this.params.party?.seats} ?addable=${kiosk}></luca-party-fields>`
              : nothing
          }</luca-contact-form
        >`,
      )}
      ${this.problem ? html`<p class="error problem" role="alert" tabindex="-1" data-problem>${m.errorTitle} ${this.problem}</p>` : nothing}
      <p class="privacy muted">${m.privacy}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-widget-frame': LucaWidgetFrame;
  }
}
