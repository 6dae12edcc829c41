import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import { guestMessages } from './messages.ts';

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

  private readonly i18n = new Localized(this, guestMessages);
  declare error: string | undefined;

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const text = formText(new FormData(event.target as HTMLFormElement), 'entry').trim();
    if (text) emit(this, 'luca-manual-entry', { text });
  }

  override render() {
    return html`<form @submit=${this.onSubmit}>
      <label for="entry">${this.i18n.messages.manualLabel}</label>
      <input id="entry" name="entry" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-invalid=${this.error ? 'true' : 'false'} aria-describedby=${this.error ? 'entry-error' : nothing} />
      ${this.error ? html`<span class="error" id="entry-error" role="alert" data-testid="manual-error">${this.error}</span>` : nothing}
      <button type="submit">${this.i18n.messages.manualSubmit}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-manual-entry': CustomEvent<ManualEntryDetail>;
  }
  interface HTMLElementTagNameMap {
    'luca-manual-checkin': LucaManualCheckin;
  }
}
