import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import * as v from 'valibot';
import { type ContactData, ContactDataSchema } from '../../protocol/contact.ts';
import type { ContactFormMessages } from './contact-messages.ts';
import { formFields, theme } from './theme.ts';

type Field = keyof ContactData;

const FIELDS: readonly { name: Field; autocomplete: string; type: string; inputmode?: string }[] = [
  { name: 'firstName', autocomplete: 'given-name', type: 'text' },
  { name: 'lastName', autocomplete: 'family-name', type: 'text' },
  { name: 'street', autocomplete: 'street-address', type: 'text' },
  { name: 'postcode', autocomplete: 'postal-code', type: 'text', inputmode: 'numeric' },
  { name: 'city', autocomplete: 'address-level2', type: 'text' },
  { name: 'phone', autocomplete: 'tel', type: 'tel', inputmode: 'tel' },
  { name: 'email', autocomplete: 'email', type: 'email', inputmode: 'email' },
];

export interface ContactSavedDetail {
  contact: ContactData;
}

/**
 * The contact data form, validated with the protocol's own schema so that what the form accepts
 * is exactly what can be encrypted. Errors are shown beside each field, linked with
 * aria-describedby, and the first invalid field receives focus.
 *
 * On a shared device (the widget's kiosk mode) `forgetful` turns autofill off, so the browser
 * neither suggests one guest's data to the next nor offers to save it.
 *
 * @fires luca-contact-saved - the data is valid; detail: { contact }
 */
export class LucaContactForm extends LitElement {
  static override properties = {
    messages: { attribute: false },
    initial: { attribute: false },
    submitLabel: { attribute: false },
    forgetful: { type: Boolean },
    busy: { type: Boolean },
    errors: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      form {
        display: grid;
        gap: 0.9rem;
      }
      input[aria-invalid='true'] {
        border-color: var(--luca-danger);
      }
      .error {
        font-weight: 400;
        font-size: 0.95rem;
      }
    `,
  ];

  declare messages: ContactFormMessages;
  declare initial: ContactData | undefined;
  /** The submit button's text; "Save" when unset. */
  declare submitLabel: string | undefined;
  declare forgetful: boolean;
  declare busy: boolean;
  declare errors: Partial<Record<Field, string>>;

  constructor() {
    super();
    this.errors = {};
    this.forgetful = false;
    this.busy = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('errors')) {
      const first = FIELDS.find((field) => this.errors[field.name]);
      if (first) this.renderRoot.querySelector<HTMLInputElement>(`#${first.name}`)?.focus();
    }
  }

  private messageFor(field: Field, issue: v.BaseIssue<unknown>): string {
    const value = typeof issue.input === 'string' ? issue.input.trim() : '';
    if (issue.type === 'max_length') return this.messages.tooLong;
    if (field === 'email') return this.messages.invalidEmail;
    if (value === '') return this.messages.required;
    if (field === 'postcode') return this.messages.invalidPostcode;
    if (field === 'phone') return this.messages.invalidPhone;
    return this.messages.required;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.busy) return;
    const form = new FormData(event.target as HTMLFormElement);
    const raw: Record<string, string> = {};
    for (const { name } of FIELDS) {
      const value = String(form.get(name) ?? '');
      if (name !== 'email' || value.trim() !== '') raw[name] = value;
    }
    const result = v.safeParse(ContactDataSchema, raw);
    if (!result.success) {
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of result.issues) {
        const field = issue.path?.[0]?.key as Field | undefined;
        if (field && !errors[field]) errors[field] = this.messageFor(field, issue);
      }
      this.errors = errors;
      return;
    }
    this.errors = {};
    this.dispatchEvent(new CustomEvent<ContactSavedDetail>('luca-contact-saved', { detail: { contact: result.output }, bubbles: true, composed: true }));
  }

  override render() {
    return html`<form novalidate autocomplete=${this.forgetful ? 'off' : 'on'} @submit=${this.onSubmit}>
      ${FIELDS.map(({ name, autocomplete, type, inputmode }) => {
        const error = this.errors[name];
        return html`<label
          >${this.messages[name]}
          <input
            id=${name}
            name=${name}
            type=${type}
            autocomplete=${this.forgetful ? 'off' : autocomplete}
            inputmode=${inputmode ?? nothing}
            .value=${this.initial?.[name] ?? ''}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? `${name}-error` : nothing}
            ?required=${name !== 'email'}
          />
          ${error ? html`<span class="error" id="${name}-error">${error}</span>` : nothing}
        </label>`;
      })}
      <button type="submit" part="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.submitLabel ?? this.messages.save}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-contact-form': LucaContactForm;
  }
}
