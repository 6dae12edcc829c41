import { LitElement, css, html, nothing } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { describeError } from '../../client/error-text.ts';
import { theme } from '../../client/theme.ts';
import type { KioskLock } from './kiosk-lock.ts';
import { venueMessages } from './messages.ts';
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
    lock: { attribute: false },
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

  private readonly i18n = new Localized(this, venueMessages);
  private readonly action = new ActionState(this, (error) => describeError(error, this.i18n.messages.errors));
  declare lock: KioskLock;

  private async end(): Promise<void> {
    // Set inside the action; typed wider than its initial value, since TypeScript does not follow assignments made in a callback.
    let wrongAccount = false as boolean;
    await this.action.run(async () => {
      const account: Account = await signIn();
      wrongAccount = account.id !== this.lock.accountId;
      // Someone else's passkey: their session is not wanted on this tablet.
      if (wrongAccount) await venueApi.logout();
      else emit(this, 'luca-kiosk-ended', { account });
    });
    if (wrongAccount) this.action.error = this.i18n.messages.kioskWrongAccount;
  }

  override render() {
    return html`<header>
        <h1>${this.i18n.messages.title}</h1>
        <luca-lang-switch lang=${this.i18n.lang} label=${this.i18n.messages.language}></luca-lang-switch>
      </header>
      <luca-kiosk-code .card=${this.lock.card} lang=${this.i18n.lang}></luca-kiosk-code>
      <div class="exit">
        ${this.action.error ? html`<span class="error" role="alert" data-testid="kiosk-problem">${this.action.error}</span>` : nothing}
        <span class="muted" id="exit-hint">${this.i18n.messages.kioskExitHint}</span>
        <button class="secondary" aria-describedby="exit-hint" ?disabled=${this.action.busy} @click=${this.end}>${this.action.busy ? this.i18n.messages.kioskExiting : this.i18n.messages.kioskExit}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-kiosk-ended': CustomEvent<{ account: Account }>;
  }
  interface HTMLElementTagNameMap {
    'luca-kiosk-screen': LucaKioskScreen;
  }
}
