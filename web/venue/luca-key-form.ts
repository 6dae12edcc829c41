import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { MIN_PASSPHRASE_LENGTH } from '../../protocol/recovery-kit.ts';
import { parseClaimCode } from '../../protocol/venue-claim.ts';
import { formFields, theme } from '../../client/theme.ts';
import { venueMessages } from './messages.ts';

export interface KeyFormDetail {
  passphrase: string;
  /** The takeover code as typed (only with `withCode`), checked for its shape. */
  code: string | undefined;
}

type Field = 'code' | 'passphrase' | 'passphraseAgain';

/**
 * The step before a venue's keys are made (or handed over): the passphrase for its recovery kit,
 * twice, and for a takeover the one-time code. The rules are the app's own, shown next to the
 * field in the operator's language (no browser validation bubbles), and the first field in error
 * gets the focus. `errors` may also come from outside (the server refused the code).
 *
 * @fires luca-key-form - valid input; detail: { passphrase, code }
 */
export class LucaKeyForm extends LitElement {
  static override properties = {
    submitLabel: { type: String },
    busyLabel: { type: String },
    busy: { type: Boolean },
    withCode: { type: Boolean },
    errors: { attribute: false },
  };

  static override styles = [
    theme,
    formFields,
    css`
      form {
        display: grid;
        gap: 0.9rem;
        max-width: 28rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      input[aria-invalid='true'] {
        border-color: var(--luca-danger);
      }
      .error,
      .hint {
        font-weight: 400;
      }
      .hint {
        color: var(--luca-muted);
      }
      input[name='code'] {
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        letter-spacing: 0.05em;
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  declare submitLabel: string;
  declare busyLabel: string;
  declare busy: boolean;
  declare withCode: boolean;
  declare errors: Partial<Record<Field, string>>;

  constructor() {
    super();
    this.submitLabel = '';
    this.busyLabel = '';
    this.busy = false;
    this.withCode = false;
    this.errors = {};
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('errors')) {
      const first = (['code', 'passphrase', 'passphraseAgain'] as const).find((field) => this.errors[field]);
      if (first) this.renderRoot.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.busy) return;
    const form = new FormData(event.target as HTMLFormElement);
    const passphrase = formText(form, 'passphrase');
    const again = formText(form, 'passphraseAgain');
    const code = this.withCode ? formText(form, 'code') : undefined;
    const errors: Partial<Record<Field, string>> = {};
    if (code !== undefined) {
      if (code.trim() === '') errors.code = this.i18n.messages.codeMissing;
      else {
        try {
          parseClaimCode(code);
        } catch {
          errors.code = this.i18n.messages.codeMalformed;
        }
      }
    }
    if (passphrase.length === 0) errors.passphrase = this.i18n.messages.passphraseMissing;
    else if (Array.from(passphrase).length < MIN_PASSPHRASE_LENGTH)
      errors.passphrase = this.i18n.messages.passphraseShort(Array.from(passphrase).length);
    else if (passphrase !== again) errors.passphraseAgain = this.i18n.messages.passphraseMismatch;
    this.errors = errors;
    if (Object.keys(errors).length > 0) return;
    emit(this, 'luca-key-form', { passphrase, code });
  }

  private field(name: Field, label: string, attributes: { type: string; autocomplete: string; hint?: string }) {
    const error = this.errors[name];
    const described = [attributes.hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
    // Hint and error are outside the label: they describe the field, they are not its name.
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input
        id=${name}
        name=${name}
        type=${attributes.type}
        autocomplete=${attributes.autocomplete}
        aria-required="true"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        autocapitalize=${name === 'code' ? 'characters' : nothing}
        spellcheck=${name === 'code' ? 'false' : nothing}
      />
      ${attributes.hint ? html`<span class="hint" id="${name}-hint">${attributes.hint}</span>` : nothing}
      ${error ? html`<span class="error" id="${name}-error" data-testid="${name}-error">${error}</span>` : nothing}
    </div>`;
  }

  override render() {
    const m = this.i18n.messages;
    return html`<form novalidate @submit=${this.onSubmit}>
      ${this.withCode ? this.field('code', m.claimCode, { type: 'text', autocomplete: 'off', hint: m.claimCodeHint }) : nothing}
      ${this.field('passphrase', m.passphrase, { type: 'password', autocomplete: 'new-password', hint: m.passphraseRule })}
      ${this.field('passphraseAgain', m.passphraseAgain, { type: 'password', autocomplete: 'new-password' })}
      <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? this.busyLabel : this.submitLabel}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-key-form': CustomEvent<KeyFormDetail>;
  }
  interface HTMLElementTagNameMap {
    'luca-key-form': LucaKeyForm;
  }
}
