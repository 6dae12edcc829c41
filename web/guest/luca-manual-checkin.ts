import { LitElement, css, html, nothing } from 'lit';
import { formFields, theme } from '../../client/theme.ts';
import type { GuestMessages } from './messages.ts';

export interface ManualEntryDetail {
  text: string;
}

/**
 * The fallback when the camera cannot be used: paste the check-in link or type the short code
 * printed on the poster. Parsing and verification happen in the app; this only collects input.
 *
 * @fires luca-manual-entry - detail: { text }
 */
export class LucaManualCheckin extends LitElement {
  static override properties = {
    messages: { attribute: false },
    error: { type: String },
  };

  static override styles = [
    theme,
    formFields,
    css`
      form {
        display: grid;
        gap: 0.5rem;
      }
    `,
  ];

  declare messages: GuestMessages;
  declare error: string | undefined;

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get('entry') ?? '').trim();
    if (text) this.dispatchEvent(new CustomEvent<ManualEntryDetail>('luca-manual-entry', { detail: { text }, bubbles: true, composed: true }));
  }

  override render() {
    return html`<form @submit=${this.onSubmit}>
      <label for="entry">${this.messages.manualLabel}</label>
      <input id="entry" name="entry" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-invalid=${this.error ? 'true' : 'false'} aria-describedby=${this.error ? 'entry-error' : nothing} />
      ${this.error ? html`<span class="error" id="entry-error" role="alert" data-testid="manual-error">${this.error}</span>` : nothing}
      <button type="submit">${this.messages.manualSubmit}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-manual-checkin': LucaManualCheckin;
  }
}
