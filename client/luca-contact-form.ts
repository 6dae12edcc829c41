import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { formText } from './form-text.ts';
import { emit } from './emit.ts';
import * as v from 'valibot';
import type { ContactData } from '../protocol/contact.ts';
import type { ContactCountry } from '../protocol/countries.ts';
import { contactFormMessages } from './contact-messages.ts';
import { type ContactField, type ContactValues, prefillContact, splitHouseNumber } from './contact-prefill.ts';
import { contactRuleText } from './contact-rule-text.ts';
import { countryOptions } from './country-options.ts';
import { errorMessages } from './error-messages.ts';
import { describeError } from './error-text.ts';
import { type ContactRules, loadContactRules } from './load-contact-rules.ts';
import { Localized } from './locale.ts';
import { contactLayout, formFields, theme } from './theme.ts';

/** The form's texts with the error catalogue it explains failed rule loads with. */
const formMessages = {
  de: { ...contactFormMessages.de, errors: errorMessages.de },
  en: { ...contactFormMessages.en, errors: errorMessages.en },
};

type TextField = Exclude<ContactField, 'country'>;

interface FieldSpec {
  name: TextField;
  autocomplete: string;
  type: string;
  inputmode?: string;
}

const field = (name: TextField, autocomplete: string, type = 'text', inputmode?: string): FieldSpec => ({
  name,
  autocomplete,
  type,
  inputmode,
});

/** The fields in screen order (the first wrong one gets focus); pairs share a row. */
const LAYOUT: readonly (FieldSpec | 'country' | readonly [FieldSpec, FieldSpec])[] = [
  field('firstName', 'given-name'),
  field('lastName', 'family-name'),
  // Browsers have no autofill token for the house number alone; the street gets the first address line.
  [field('street', 'address-line1'), field('houseNumber', 'off')],
  [field('postcode', 'postal-code'), field('city', 'address-level2')],
  'country',
  field('phone', 'tel', 'tel', 'tel'),
  field('email', 'email', 'email', 'email'),
];
const ORDER: readonly ContactField[] = LAYOUT.flatMap((item): ContactField[] =>
  item === 'country' ? ['country'] : 'name' in item ? [item.name] : item.map((spec) => spec.name),
);

export interface ContactSavedDetail {
  contact: ContactData;
}

/**
 * The contact data form, validated with the protocol's input schema (protocol/contact-input.ts)
 * so that every app, the widget and the kiosk apply the same rules, and what the form accepts can
 * be sealed. Each rule's text is shown beside its field, linked with aria-describedby, and the
 * first invalid field receives focus. The schema and its libraries (libphonenumber-js) load
 * when the form appears, not with the page; a submit waits for them.
 *
 * `initial` may be a contact an older version stored (no house number, no country): the form
 * starts from it completed where that is obvious (contact-prefill.ts).
 *
 * On a shared device (the widget's kiosk mode) `forgetful` turns autofill off, so the browser
 * neither suggests one guest's data to the next nor offers to save it.
 *
 * Fields of further persons (the widget's group check-in) go into the default slot, between these
 * fields and the submit button; `alsoCheck` checks them at the same time as this form's own, so
 * that every mistake is shown at once and focus goes to the first wrong field on screen.
 *
 * @slot - further fields, shown before the submit button and checked by `alsoCheck`
 * @fires luca-contact-saved - the data is valid; detail: { contact }
 */
export class LucaContactForm extends LitElement {
  static override properties = {
    initial: { attribute: false },
    submitLabel: { attribute: false },
    forgetful: { type: Boolean },
    busy: { type: Boolean },
    errors: { state: true },
    country: { state: true },
    rules: { state: true },
    problem: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    contactLayout,
    css`
      select {
        background: var(--luca-input-paper, #fff);
        color: var(--luca-input-ink, inherit);
      }
    `,
  ];

  private readonly i18n = new Localized(this, formMessages);
  declare initial: ContactData | undefined;
  /** The submit button's text; "Save" when unset. */
  declare submitLabel: string | undefined;
  declare forgetful: boolean;
  declare busy: boolean;
  /**
   * Checks the slotted fields with the values typed here; `focusTaken` says whether this form's own
   * fields had a mistake (which then gets focus). Resolves false when a slotted field is wrong.
   */
  alsoCheck: ((values: Partial<ContactValues>, focusTaken: boolean) => Promise<boolean>) | undefined;
  declare errors: Partial<Record<ContactField, string>>;
  /** The country chosen in the select: the postcode and phone rules and the phone example follow it. */
  declare country: string;
  declare rules: ContactRules | undefined;
  /** The rules could not be loaded (shown above the button). */
  declare problem: string | undefined;
  private checking = false;

  constructor() {
    super();
    this.errors = {};
    this.forgetful = false;
    this.busy = false;
    this.country = prefillContact(undefined).country;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    loadContactRules().then(
      (rules) => (this.rules = rules),
      () => undefined, // tried again on submit, where a failure is explained
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('initial')) this.country = prefillContact(this.initial).country;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('errors')) {
      const first = ORDER.find((name) => this.errors[name]);
      if (first) this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus();
    }
  }

  private messageFor(field: ContactField, issue: v.BaseIssue<unknown>): string {
    return contactRuleText(this.i18n.messages, issue.message, field, { postcode: this.country, phone: this.country });
  }

  /** Sends the form as its submit button would (Enter in a slotted field, which is outside the form). */
  requestSubmit(): void {
    this.renderRoot.querySelector('form')?.requestSubmit();
  }

  private input(name: ContactField): HTMLInputElement | HTMLSelectElement | null {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.checking) return;
    const form = new FormData(event.target as HTMLFormElement);
    const raw: Partial<ContactValues> = {};
    for (const name of ORDER) {
      const value = formText(form, name);
      if (name !== 'email' || value.trim() !== '') raw[name] = value;
    }
    // Autofill puts "Kastanienallee 77" into the street: an obvious trailing number moves to its field.
    const split = raw.houseNumber?.trim() ? undefined : splitHouseNumber(raw.street ?? '');
    if (split) {
      Object.assign(raw, split);
      for (const name of ['street', 'houseNumber'] as const) {
        const element = this.input(name);
        if (element) element.value = split[name];
      }
    }
    this.checking = true;
    let rules: ContactRules;
    let result: v.SafeParseResult<ContactRules['ContactInputSchema']>;
    let othersValid: boolean;
    try {
      rules = await loadContactRules();
      this.rules = rules;
      this.problem = undefined;
      result = v.safeParse(rules.ContactInputSchema, raw);
      othersValid = this.alsoCheck ? await this.alsoCheck(raw, !result.success) : true;
    } catch (error) {
      this.problem = this.i18n.messages.rulesUnavailable(describeError(error, this.i18n.messages.errors));
      return;
    } finally {
      this.checking = false;
    }
    if (!result.success) {
      const errors: Partial<Record<ContactField, string>> = {};
      for (const issue of result.issues) {
        const key = issue.path?.[0]?.key;
        const name = ORDER.find((candidate) => candidate === key);
        if (name && !errors[name]) errors[name] = this.messageFor(name, issue);
      }
      this.errors = errors;
      return;
    }
    this.errors = {};
    if (othersValid) emit(this, 'luca-contact-saved', { contact: result.output });
  }

  private describedBy(name: ContactField, hint: boolean): string | typeof nothing {
    const ids = [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : nothing;
  }

  private renderError(name: ContactField) {
    const error = this.errors[name];
    return error ? html`<span class="error" id="${name}-error">${error}</span>` : nothing;
  }

  private renderField(spec: FieldSpec, values: ContactValues) {
    const { name, autocomplete, type } = spec;
    // A numeric keyboard only where postcodes are digits alone.
    const inputmode = name === 'postcode' ? (this.country === 'DE' ? 'numeric' : undefined) : spec.inputmode;
    const hint = name === 'phone' && this.rules ? this.i18n.messages.phoneHint(this.rules.phoneExample(this.country)) : undefined;
    return html`<label
      >${this.i18n.messages[name]}
      <input
        id=${name}
        name=${name}
        type=${type}
        autocomplete=${this.forgetful ? 'off' : autocomplete}
        inputmode=${inputmode ?? nothing}
        .value=${values[name]}
        aria-invalid=${this.errors[name] ? 'true' : 'false'}
        aria-describedby=${this.describedBy(name, hint !== undefined)}
        ?required=${name !== 'email'}
      />
      ${hint === undefined ? nothing : html`<span class="hint muted" id="phone-hint">${hint}</span>`}
    </label>`;
  }

  private renderCountry(values: ContactValues) {
    const options = countryOptions(this.i18n.messages.lang);
    return html`<label
      >${this.i18n.messages.country}
      <select
        id="country"
        name="country"
        autocomplete=${this.forgetful ? 'off' : 'country'}
        aria-invalid=${this.errors.country ? 'true' : 'false'}
        aria-describedby=${this.describedBy('country', false)}
        required
        @change=${(event: Event) => (this.country = (event.target as HTMLSelectElement).value as ContactCountry)}
      >
        ${options.map((option) => html`<option value=${option.code} ?selected=${option.code === values.country}>${option.name}</option>`)}
      </select>
    </label>`;
  }

  override render() {
    const values = prefillContact(this.initial);
    return html`<form novalidate autocomplete=${this.forgetful ? 'off' : 'on'} @submit=${this.onSubmit}>
      ${LAYOUT.map((item) => {
        if (item === 'country') return html`<div class="field">${this.renderCountry(values)} ${this.renderError('country')}</div>`;
        if (Array.isArray(item)) {
          const [left, right] = item as readonly [FieldSpec, FieldSpec];
          return html`<div class="pair ${left.name}">
            ${this.renderField(left, values)} ${this.renderField(right, values)} ${this.renderError(left.name)} ${this.renderError(right.name)}
          </div>`;
        }
        const spec = item as FieldSpec;
        return html`<div class="field">${this.renderField(spec, values)} ${this.renderError(spec.name)}</div>`;
      })}
      <slot></slot>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <button type="submit" part="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.submitLabel ?? this.i18n.messages.save}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-contact-saved': CustomEvent<ContactSavedDetail>;
  }
  interface HTMLElementTagNameMap {
    'luca-contact-form': LucaContactForm;
  }
}
