import { LitElement, css, html, nothing } from 'lit';
import { langFrom } from '../../client/i18n.ts';
import { LangProvider } from '../../client/locale.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { decodeCancelToken, type FrameParams, type RegisteredDetail } from '../../protocol/widget.ts';
import type { VerifiedVenue } from '../../protocol/venue.ts';
import { formatWindow } from '../../client/format-window.ts';
import { countryName } from '../../client/country-options.ts';
import { loadContactRules } from '../../client/load-contact-rules.ts';
import type { ContactSavedDetail } from '../../client/luca-contact-form.ts';
import { DEFAULT_COUNTRY } from '../../protocol/countries.ts';
import { theme } from '../../client/theme.ts';
import { fetchVerifiedVenue, registerVisit } from '../../client/visit-registration.ts';
import { guestStore } from './guest-store.ts';
import { type UseSavedMessages, useSavedMessages } from './use-saved-messages.ts';
import { describeError } from '../../client/error-text.ts';

type Phase = 'loading' | 'complete' | 'confirm' | 'sending' | 'no-data' | 'failed' | 'done';

/**
 * The "use my saved luca data" popup of the guest PWA, opened by the widget's frame. It runs as a
 * top-level page of the app, so it reads the contact data the guest saved in the app. It shows
 * the venue (verified against the pins the frame passed on) and the data, and only on the
 * guest's confirmation seals and submits, keeps the visit in the app's history (so it is shared
 * with a health office like any other), and reports the outcome to its opener, the frame. Data an
 * older version stored is completed here first, in the same form as in the app, and saved there.
 */
export class LucaUseSaved extends LitElement {
  static override properties = {
    params: { attribute: false },
    phase: { state: true },
    problem: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        display: block;
        max-width: 32rem;
        margin: 0 auto;
        padding: 1rem;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem 1rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin-top: 0.75rem;
      }
    `,
  ];

  declare params: FrameParams & { window: { start: number; end: number } };
  /** The frame's nonce for this request, echoed with the answer. */
  declare nonce: string;
  /** The language the frame asked for (use-saved-main.ts puts it on the document first). */
  private readonly language = new LangProvider(this, langFrom(document.documentElement.lang));
  declare phase: Phase;
  declare problem: string | undefined;
  private contact: ContactData | undefined;
  private venue: VerifiedVenue | undefined;

  private get messages(): UseSavedMessages {
    return useSavedMessages[this.language.lang];
  }

  constructor() {
    super();
    this.phase = 'loading';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.contact = await guestStore.contact();
      if (!this.contact) {
        this.phase = 'no-data';
        return;
      }
      this.venue = (await fetchVerifiedVenue(this.params.venue)).venue;
      this.phase = (await loadContactRules()).meetsInputRules(this.contact) ? 'confirm' : 'complete';
    } catch (error) {
      this.problem = describeError(error, this.messages.errors);
      this.phase = 'failed';
    }
  }

  private async onCompleted(event: CustomEvent<ContactSavedDetail>): Promise<void> {
    event.stopPropagation();
    try {
      await guestStore.saveContact(event.detail.contact);
      this.contact = event.detail.contact;
      this.phase = 'confirm';
    } catch (error) {
      this.problem = describeError(error, this.messages.errors);
      this.phase = 'failed';
    }
  }

  private report(
    message:
      | { type: 'luca-use-saved-sealed' | 'luca-use-saved-result'; nonce: string; detail: RegisteredDetail }
      | { type: 'luca-use-saved-closed'; nonce: string },
  ): void {
    // Only to a window of the app's own origin: the widget frame that opened this popup.
    (window.opener as Window | null)?.postMessage(message, location.origin);
  }

  private async confirm(): Promise<void> {
    const { contact, venue } = this;
    if (!contact || !venue) return;
    this.phase = 'sending';
    try {
      const sandbox = this.params.sandbox;
      const detail = await registerVisit(
        venue,
        contact,
        { window: this.params.window, reference: this.params.reference, inApp: !sandbox },
        { sandbox, onSealed: (sealed) => this.report({ type: 'luca-use-saved-sealed', nonce: this.nonce, detail: sealed }) },
      );
      const { card } = venue;
      // A developer's sandbox run stored nothing: it is no visit of the guest's.
      if (!sandbox)
        await guestStore.saveStay({
          id: detail.checkinId,
          payload: this.params.venue,
          verified: true,
          venueId: card.venueId,
          officeId: card.officeId,
          venueName: card.name,
          venueAddress: `${card.street}, ${card.postcode} ${card.city}`,
          areaName: venue.area?.name ?? this.params.reference,
          arrivedAt: this.params.window.start,
          defaultStayMinutes: card.defaultStayMinutes,
          departedAt: this.params.window.end,
          checkoutSecret: decodeCancelToken(detail.cancelToken).secret,
          checkIn: 'sent',
          checkOut: 'sent',
        });
      this.report({ type: 'luca-use-saved-result', nonce: this.nonce, detail });
      this.phase = 'done';
      window.close();
    } catch (error) {
      this.problem = describeError(error, this.messages.errors);
      this.phase = 'failed';
    }
  }

  private close(): void {
    this.report({ type: 'luca-use-saved-closed', nonce: this.nonce });
    window.close();
  }

  private when(): string {
    const { from, to } = formatWindow(this.params.window.start, this.params.window.end, this.language.lang);
    return `${from} – ${to}`;
  }

  override render() {
    const m = this.messages;
    switch (this.phase) {
      case 'loading':
        return html`<p role="status">${m.loading}</p>`;
      case 'no-data':
        return html`<h1>${m.noDataTitle}</h1>
          <p>${m.noData}</p>
          <div class="actions"><a class="button" href="/" target="_blank" rel="noopener">${m.openApp}</a><button class="secondary" @click=${this.close}>${m.close}</button></div>`;
      case 'failed':
        return html`<h1>${m.failedTitle}</h1>
          <p role="alert" class="error">${this.problem}</p>
          <button class="secondary" @click=${this.close}>${m.close}</button>`;
      case 'done':
        return html`<p role="status">${m.done}</p>`;
      case 'complete':
        return html`<h1>${m.completeTitle}</h1>
          <p data-testid="complete-intro">${m.completeIntro}</p>
          <luca-contact-form .initial=${this.contact} .submitLabel=${m.completeSave} @luca-contact-saved=${this.onCompleted}></luca-contact-form>
          <div class="actions"><button class="secondary" @click=${this.close}>${m.cancel}</button></div>`;
      default: {
        const contact = this.contact;
        const venue = this.venue;
        if (!contact || !venue) return nothing;
        return html`<h1>${m.title}</h1>
          <p>${m.intro(venue.card.name, this.when())}${this.params.reference ? html` · ${this.params.reference}` : nothing}</p>
          <p class="muted">${venue.card.street}, ${venue.card.postcode} ${venue.card.city}</p>
          <dl data-testid="saved-contact">
            <dt>${m.name}</dt>
            <dd>${contact.firstName} ${contact.lastName}</dd>
            <dt>${m.address}</dt>
            <dd>${contact.street} ${contact.houseNumber ?? ''}, ${contact.postcode} ${contact.city}</dd>
            <dt>${m.country}</dt>
            <dd>${countryName(contact.country ?? DEFAULT_COUNTRY, this.language.lang)}</dd>
            <dt>${m.phone}</dt>
            <dd>${contact.phone}</dd>
            ${contact.email ? html`<dt>${m.email}</dt><dd>${contact.email}</dd>` : nothing}
          </dl>
          <p class="muted">${m.privacy}</p>
          <div class="actions">
            <button @click=${this.confirm} ?disabled=${this.phase === 'sending'}>${this.phase === 'sending' ? m.sending : m.confirm}</button>
            <button class="secondary" @click=${this.close}>${m.cancel}</button>
          </div>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-use-saved': LucaUseSaved;
  }
}
