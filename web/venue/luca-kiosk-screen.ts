import { LitElement, css, html, nothing } from 'lit';
import { describeError } from '../../client/error-text.ts';
import type { Lang } from '../../client/i18n.ts';
import { theme } from '../../client/theme.ts';
import type { KioskLock } from './kiosk-lock.ts';
import type { VenueMessages } from './messages.ts';
import { signIn } from './passkeys.ts';
import { type Account, venueApi } from './venue-api.ts';

/**
 * The whole screen in kiosk mode: a small header with the language switch (for guests), the
 * kiosk itself, and "End kiosk", which asks for a passkey through the sign-in ceremony against
 * the Worker and ends only for the account that opened the kiosk. Anyone else's passkey (a guest
 * with their own venue account) is refused and their session dropped; a guest without the
 * operator's user verification gets the app's text for the browser's refusal.
 *
 * @fires luca-kiosk-ended - the operator confirmed; detail: { account }
 * @fires luca-lang-change - detail: { lang } (from the language switch)
 */
export class LucaKioskScreen extends LitElement {
  static override properties = {
    messages: { attribute: false },
    lock: { attribute: false },
    lang: { type: String },
    busy: { state: true },
    problem: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        grid-template-rows: auto minmax(0, 1fr) auto;
        gap: 0.5rem;
        height: 100%;
        min-height: 0;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
      }
      h1 {
        font-size: 1.1rem;
        margin: 0;
      }
      .exit {
        display: flex;
        justify-content: flex-end;
        align-items: center;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
      .exit button {
        min-height: 2.75rem;
        padding: 0.3rem 0.9rem;
      }
    `,
  ];

  declare messages: VenueMessages;
  declare lock: KioskLock;
  declare lang: Lang;
  declare busy: boolean;
  declare problem: string | undefined;

  constructor() {
    super();
    this.lang = 'de';
    this.busy = false;
  }

  private async end(): Promise<void> {
    this.busy = true;
    this.problem = undefined;
    try {
      const account: Account = await signIn();
      if (account.id !== this.lock.accountId) {
        // Someone else's passkey: their session is not wanted on this tablet.
        await venueApi.logout();
        this.problem = this.messages.kioskWrongAccount;
        return;
      }
      this.dispatchEvent(new CustomEvent('luca-kiosk-ended', { detail: { account }, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = describeError(error, this.messages.errors);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<header>
        <h1>${this.messages.title}</h1>
        <luca-lang-switch lang=${this.lang} label=${this.messages.language}></luca-lang-switch>
      </header>
      <luca-kiosk-code .messages=${this.messages} .card=${this.lock.card} lang=${this.lang}></luca-kiosk-code>
      <div class="exit">
        ${this.problem ? html`<span class="error" role="alert" data-testid="kiosk-problem">${this.problem}</span>` : nothing}
        <span class="muted" id="exit-hint">${this.messages.kioskExitHint}</span>
        <button class="secondary" aria-describedby="exit-hint" ?disabled=${this.busy} @click=${this.end}>${this.busy ? this.messages.kioskExiting : this.messages.kioskExit}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-kiosk-screen': LucaKioskScreen;
  }
}
