import { LitElement, css, html, nothing } from 'lit';
import { ProtocolError } from '../../protocol/bytes.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { type VenueQrPayload, type VerifiedVenue, parseVenueQrUrl } from '../../protocol/venue.ts';
import { ApiRequestError } from '../shared/api.ts';
import { type Lang, preferredLang, rememberLang } from '../shared/i18n.ts';
import { theme } from '../shared/theme.ts';
import { checkIn, checkOut, isOffline, verifyVenue } from './checkin-service.ts';
import { type Stay, guestStore } from './guest-store.ts';
import type { ContactSavedDetail } from './luca-contact-form.ts';
import { type GuestMessages, guestMessages } from './messages.ts';

type View =
  | { name: 'loading' }
  | { name: 'contact' }
  | { name: 'home' }
  | { name: 'confirm'; venue: VerifiedVenue }
  | { name: 'stay'; stay: Stay };

/**
 * The guest app's shell: decides what to show from what the device holds and the link it was
 * opened with. A check-in link (/c#payload) lands here, is verified, and checks in only after the
 * guest confirmed the venue.
 */
export class LucaGuestApp extends LitElement {
  static override properties = {
    lang: { state: true },
    view: { state: true },
    contact: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        display: block;
        max-width: 34rem;
        margin: 0 auto;
        padding: 1rem;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
      }
      h1 {
        margin: 0;
        font-size: 1.6rem;
      }
      .lang button {
        min-height: 2.75rem;
        padding: 0.3rem 0.7rem;
      }
      [role='alert'] {
        border: 2px solid var(--luca-danger);
        border-radius: var(--luca-radius);
        padding: 0.75rem;
      }
    `,
  ];

  declare lang: Lang;
  declare view: View;
  declare contact: ContactData | undefined;
  declare notice: string | undefined;
  declare busy: boolean;
  private pendingPayload: VenueQrPayload | undefined;

  constructor() {
    super();
    this.lang = preferredLang();
    this.view = { name: 'loading' };
    this.busy = false;
  }

  private get messages(): GuestMessages {
    return guestMessages[this.lang];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.lang;
    void this.start();
  }

  private async start(): Promise<void> {
    this.contact = await guestStore.contact();
    this.pendingPayload = this.payloadFromLocation();
    const current = (await guestStore.stays()).find((stay) => stay.departedAt === undefined);
    if (!this.contact) this.view = { name: 'contact' };
    else if (this.pendingPayload) await this.verify(this.pendingPayload);
    else this.view = current ? { name: 'stay', stay: current } : { name: 'home' };
  }

  private payloadFromLocation(): VenueQrPayload | undefined {
    if (location.pathname !== '/c') return undefined;
    try {
      return parseVenueQrUrl(location.href, location.origin);
    } catch {
      this.notice = this.messages.badLink;
      return undefined;
    } finally {
      // The payload is public, but a reload must not offer the same check-in again.
      history.replaceState(null, '', '/');
    }
  }

  private async verify(payload: VenueQrPayload): Promise<void> {
    this.view = { name: 'loading' };
    try {
      this.view = { name: 'confirm', venue: await verifyVenue(payload) };
    } catch (error) {
      this.notice = error instanceof ProtocolError ? this.messages.venueUnverified : this.describe(error);
      this.view = { name: 'home' };
    }
  }

  private async onContactSaved(event: CustomEvent<ContactSavedDetail>): Promise<void> {
    this.contact = event.detail.contact;
    await guestStore.saveContact(this.contact);
    if (this.pendingPayload) await this.verify(this.pendingPayload);
    else this.view = { name: 'home' };
  }

  private async onConfirm(venue: VerifiedVenue): Promise<void> {
    if (!this.contact) return;
    this.busy = true;
    this.notice = undefined;
    try {
      this.view = { name: 'stay', stay: await checkIn(venue, this.contact) };
    } catch (error) {
      const stay = (await guestStore.stays()).find((candidate) => candidate.venueId === venue.card.venueId && candidate.departedAt === undefined);
      if (isOffline(error) && stay) this.view = { name: 'stay', stay };
      else this.notice = this.describe(error);
    } finally {
      this.busy = false;
      this.pendingPayload = undefined;
    }
  }

  private async onCheckout(stay: Stay): Promise<void> {
    this.busy = true;
    try {
      await checkOut(stay);
      this.notice = this.messages.checkedOut;
    } catch (error) {
      this.notice = isOffline(error) ? this.messages.pending : this.describe(error);
    } finally {
      this.busy = false;
      this.view = { name: 'home' };
    }
  }

  private describe(error: unknown): string {
    const message = error instanceof ApiRequestError || error instanceof ProtocolError ? error.message : String(error);
    return this.messages.failed(message);
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    rememberLang(lang);
  }

  private renderView() {
    const view = this.view;
    switch (view.name) {
      case 'loading':
        return html`<p aria-busy="true">${this.messages.verifying}</p>`;
      case 'contact':
        return html`<p>${this.messages.welcome}</p>
          <h2>${this.messages.contactTitle}</h2>
          <luca-contact-form .messages=${this.messages} .initial=${this.contact} @luca-contact-saved=${this.onContactSaved}></luca-contact-form>`;
      case 'home':
        return html`<p>${this.messages.ready}</p>
          <button class="secondary" @click=${() => (this.view = { name: 'contact' })}>${this.messages.editContact}</button>`;
      case 'confirm':
        return html`<luca-venue-confirm
          .messages=${this.messages}
          .venue=${view.venue}
          ?busy=${this.busy}
          @luca-confirm=${() => this.onConfirm(view.venue)}
          @luca-cancel=${() => (this.view = { name: 'home' })}
        ></luca-venue-confirm>`;
      case 'stay':
        return html`<luca-current-stay
          .messages=${this.messages}
          .stay=${view.stay}
          locale=${this.lang}
          ?busy=${this.busy}
          @luca-checkout=${() => this.onCheckout(view.stay)}
        ></luca-current-stay>`;
    }
  }

  override render() {
    return html`<header>
        <h1>${this.messages.appTitle}</h1>
        <div class="lang" role="group" aria-label=${this.messages.language}>
          <button class="secondary" lang="de" aria-pressed=${this.lang === 'de'} @click=${() => this.setLang('de')}>Deutsch</button>
          <button class="secondary" lang="en" aria-pressed=${this.lang === 'en'} @click=${() => this.setLang('en')}>English</button>
        </div>
      </header>
      <main>
        ${this.notice ? html`<p role="alert" data-testid="notice">${this.notice}</p>` : nothing} ${this.renderView()}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-guest-app': LucaGuestApp;
  }
}
