import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import * as v from 'valibot';
import { contactRuleText } from '../../client/contact-rule-text.ts';
import { countryOptions } from '../../client/country-options.ts';
import { splitHouseNumber } from '../../client/contact-prefill.ts';
import { describeError } from '../../client/error-text.ts';
import { emit } from '../../client/emit.ts';
import { formText } from '../../client/form-text.ts';
import { Localized } from '../../client/locale.ts';
import { contactLayout, formFields, theme } from '../../client/theme.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { DEFAULT_COUNTRY } from '../../protocol/countries.ts';
import type { Companion } from '../../protocol/party.ts';
import { type CompanionRules, loadCompanionRules } from './load-companion-rules.ts';
import { guestMessages } from './messages.ts';

export interface PersonSavedDetail {
  companion: Companion;
}

type PersonField = 'firstName' | 'lastName' | 'phone' | 'street' | 'houseNumber' | 'postcode' | 'city' | 'country';
type AddressField = 'street' | 'houseNumber' | 'postcode' | 'city' | 'country';

/** Screen order: the first wrong field gets focus. */
const ORDER: readonly PersonField[] = ['firstName', 'lastName', 'phone', 'street', 'houseNumber', 'postcode', 'city', 'country'];

/**
 * One of the guest's persons (a child, an adult without a phone of their own): name, optionally
 * a phone number and an address of their own (else the guest's counts). Checked with the same
 * rules as the guest's own data (protocol/companion-input.ts, loaded on demand): every mistake is
 * explained next to its field, linked with aria-describedby, and the first wrong field gets
 * focus. Autofill is off: the browser would offer the guest's own name and number here.
 *
 * @fires luca-person-saved - the data is valid; detail: { companion }
 * @fires luca-person-cancel - the guest leaves the form without saving
 */
export class LucaPersonForm extends LitElement {
  static override properties = {
    initial: { attribute: false },
    lead: { attribute: false },
    busy: { type: Boolean },
    errors: { state: true },
    ownAddress: { state: true },
    country: { state: true },
    rules: { state: true },
    problem: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    contactLayout,
    css`
      label.check {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        min-height: 2.75rem;
      }
      label.check input {
        width: 1.3rem;
        height: 1.3rem;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  /** The person to edit; undefined for a new one. */
  declare initial: Companion | undefined;
  /** The guest: their country checks a phone number without an address, their address is the default. */
  declare lead: ContactData | undefined;
  declare busy: boolean;
  declare errors: Partial<Record<PersonField, string>>;
  declare ownAddress: boolean;
  /** The country of the person's own address, as chosen in the select. */
  declare country: string;
  declare rules: CompanionRules | undefined;
  declare problem: string | undefined;
  private checking = false;

  constructor() {
    super();
    this.busy = false;
    this.errors = {};
    this.ownAddress = false;
    this.country = DEFAULT_COUNTRY;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    loadCompanionRules().then(
      (rules) => (this.rules = rules),
      () => undefined, // tried again on submit, where a failure is explained
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('initial') || changed.has('lead')) {
      this.ownAddress = this.initial?.address !== undefined;
      this.country = this.initial?.address?.country ?? this.lead?.country ?? DEFAULT_COUNTRY;
    }
  }

  override firstUpdated(): void {
    this.field('firstName')?.focus();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('errors')) {
      const first = ORDER.find((name) => this.errors[name]);
      if (first) this.field(first)?.focus();
    }
  }

  private field(name: PersonField): HTMLInputElement | HTMLSelectElement | null {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  }

  /** The country a phone number is checked for: the person's own address's, else the guest's. */
  private get phoneCountry(): string {
    return this.ownAddress ? this.country : (this.lead?.country ?? DEFAULT_COUNTRY);
  }

  private messageFor(field: PersonField, code: string): string {
    return contactRuleText(this.i18n.messages, code, field, { postcode: this.country, phone: this.phoneCountry });
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.checking) return;
    const form = new FormData(event.target as HTMLFormElement);
    const raw: Record<string, unknown> = { firstName: formText(form, 'firstName'), lastName: formText(form, 'lastName') };
    const phone = formText(form, 'phone');
    if (phone.trim() !== '') raw.phone = phone;
    if (this.ownAddress) {
      const address: Record<AddressField, string> = {
        street: formText(form, 'street'),
        houseNumber: formText(form, 'houseNumber'),
        postcode: formText(form, 'postcode'),
        city: formText(form, 'city'),
        country: formText(form, 'country'),
      };
      // "Lindenweg 4" typed into the street: the trailing number moves to its field, as in the contact form.
      const split = address.houseNumber.trim() ? undefined : splitHouseNumber(address.street);
      if (split) {
        Object.assign(address, split);
        for (const name of ['street', 'houseNumber'] as const) {
          const element = this.field(name);
          if (element) element.value = split[name];
        }
      }
      raw.address = address;
    }
    this.checking = true;
    let rules: CompanionRules;
    try {
      rules = await loadCompanionRules();
      this.rules = rules;
      this.problem = undefined;
    } catch (error) {
      this.problem = this.i18n.messages.rulesUnavailable(describeError(error, this.i18n.messages.errors));
      return;
    } finally {
      this.checking = false;
    }
    const result = v.safeParse(rules.companionInputSchema(this.lead?.country ?? DEFAULT_COUNTRY), raw);
    if (!result.success) {
      const errors: Partial<Record<PersonField, string>> = {};
      for (const issue of result.issues) {
        // Address fields sit one level down (address.street); an issue about the address as a whole goes to its first field.
        const key = issue.path?.at(-1)?.key;
        const name = key === 'address' ? 'street' : ORDER.find((candidate) => candidate === key);
        if (name && !errors[name]) errors[name] = this.messageFor(name, issue.message);
      }
      this.errors = errors;
      return;
    }
    this.errors = {};
    emit(this, 'luca-person-saved', { companion: result.output });
  }

  private describedBy(name: PersonField, hint: boolean): string | typeof nothing {
    const ids = [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : nothing;
  }

  private renderError(name: PersonField) {
    const error = this.errors[name];
    return error ? html`<span class="error" id="${name}-error">${error}</span>` : nothing;
  }

  private renderInput(name: Exclude<PersonField, 'country'>, label: string, value: string, options: { type?: string; hint?: string } = {}) {
    const inputmode = name === 'phone' ? 'tel' : name === 'postcode' && this.country === 'DE' ? 'numeric' : undefined;
    return html`<label
      >${label}
      <input
        id=${name}
        name=${name}
        type=${options.type ?? 'text'}
        autocomplete="off"
        inputmode=${inputmode ?? nothing}
        .value=${value}
        aria-invalid=${this.errors[name] ? 'true' : 'false'}
        aria-describedby=${this.describedBy(name, options.hint !== undefined)}
        ?required=${name !== 'phone'}
      />
    </label>
    ${options.hint === undefined ? nothing : html`<span class="hint muted" id="${name}-hint">${options.hint}</span>`}`;
  }

  private renderAddress() {
    const m = this.i18n.messages;
    const address = this.initial?.address;
    return html`<div class="pair">
        ${this.renderInput('street', m.street, address?.street ?? '')} ${this.renderInput('houseNumber', m.houseNumber, address?.houseNumber ?? '')}
        ${this.renderError('street')} ${this.renderError('houseNumber')}
      </div>
      <div class="pair postcode">
        ${this.renderInput('postcode', m.postcode, address?.postcode ?? '')} ${this.renderInput('city', m.city, address?.city ?? '')}
        ${this.renderError('postcode')} ${this.renderError('city')}
      </div>
      <div class="field">
        <label
          >${m.country}
          <select
            id="country"
            name="country"
            autocomplete="off"
            aria-invalid=${this.errors.country ? 'true' : 'false'}
            aria-describedby=${this.describedBy('country', false)}
            required
            @change=${(event: Event) => (this.country = (event.target as HTMLSelectElement).value)}
          >
            ${countryOptions(m.lang).map((option) => html`<option value=${option.code} ?selected=${option.code === this.country}>${option.name}</option>`)}
          </select>
        </label>
        ${this.renderError('country')}
      </div>`;
  }

  override render() {
    const m = this.i18n.messages;
    const lead = this.lead;
    const example = this.rules?.phoneExample(this.phoneCountry);
    const phoneHint = `${example ? `${m.phoneHint(example)} ` : ''}${m.personPhoneNote}`;
    const leadAddress = lead ? `${lead.street}${lead.houseNumber ? ` ${lead.houseNumber}` : ''}, ${lead.postcode} ${lead.city}` : '';
    return html`<form novalidate autocomplete="off" @submit=${this.onSubmit}>
      <div class="field">${this.renderInput('firstName', m.firstName, this.initial?.firstName ?? '')} ${this.renderError('firstName')}</div>
      <div class="field">${this.renderInput('lastName', m.lastName, this.initial?.lastName ?? '')} ${this.renderError('lastName')}</div>
      <div class="field">
        ${this.renderInput('phone', m.personPhone, this.initial?.phone ?? '', { type: 'tel', hint: phoneHint })} ${this.renderError('phone')}
      </div>
      <div class="field">
        <label class="check"
          ><input
            type="checkbox"
            name="ownAddress"
            .checked=${this.ownAddress}
            aria-describedby=${this.ownAddress ? nothing : 'address-note'}
            @change=${(event: Event) => (this.ownAddress = (event.target as HTMLInputElement).checked)}
          />
          ${m.personOwnAddress}</label
        >
        ${this.ownAddress ? nothing : html`<span class="hint muted" id="address-note">${m.personSameAddress(leadAddress)}</span>`}
      </div>
      ${this.ownAddress ? this.renderAddress() : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${m.personSave}</button>
        <button type="button" class="secondary" @click=${() => emit(this, 'luca-person-cancel')}>${m.cancel}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-person-saved': CustomEvent<PersonSavedDetail>;
    'luca-person-cancel': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-person-form': LucaPersonForm;
  }
}
