import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { contactRuleText } from '../../client/contact-rule-text.ts';
import { emit } from '../../client/emit.ts';
import { loadContactRules } from '../../client/load-contact-rules.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import type { ContactRule } from '../../protocol/contact-input.ts';
import { DEFAULT_COUNTRY } from '../../protocol/countries.ts';
import type { Companion } from '../../protocol/party.ts';
import { frameMessages } from './messages.ts';
import {
  COMPANION_FIELDS,
  type CompanionDraft,
  type CompanionErrors,
  type CompanionField,
  EMPTY_PARTY,
  type PartyDraft,
  canAddPerson,
  checkCompanions,
  partySizeOf,
  withPartySize,
  withPersonAdded,
  withPersonRemoved,
  withValue,
} from './party-form.ts';

const fieldId = (key: number, field: CompanionField) => `person-${key}-${field}`;

/**
 * `<luca-party-fields>`: the persons who come with the booker (persons 2..n of one group
 * check-in) in the widget frame. It sits in the contact form's slot, between the booker's fields
 * and the submit button, and the contact form checks it together with its own fields
 * (`alsoCheck`), so that every mistake is explained at once and the first wrong field in screen
 * order gets focus. Each person is a fieldset "Person 2", with first and last name and an
 * optional phone number, and their seat when the host page named seats.
 *
 * `size` sets the number of persons (the host's party-size or seats, or the guest's answer);
 * `addable` (the kiosk) offers "Add another person" and a remove button per person instead. What
 * is typed lives only in this element: a new form is a new element (nothing kept).
 *
 * @fires luca-party-change - the number of persons changed; detail: { size } (the booker included)
 */
export class LucaPartyFields extends LitElement {
  static override properties = {
    size: { type: Number },
    seats: { attribute: false },
    addable: { type: Boolean },
    party: { state: true },
    errors: { state: true },
    leadCountry: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :host {
        display: grid;
        gap: 0.9rem;
      }
      fieldset {
        display: grid;
        gap: 0.75rem;
        margin: 0;
        padding: 0.5rem 0.75rem 0.9rem;
        border: 2px solid var(--luca-input-border, #6b7280);
        border-radius: var(--luca-radius);
      }
      legend {
        font-weight: 700;
        padding: 0 0.25rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      input {
        min-width: 0;
      }
      input[aria-invalid='true'] {
        border-color: var(--luca-danger);
      }
      .error,
      .hint {
        font-weight: 400;
        font-size: 0.95rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, frameMessages);
  /** Persons wanted, the booker included; undefined: the guest adds and removes them (`addable`). */
  declare size: number | undefined;
  /** The host's seat list, the booker's first. */
  declare seats: readonly string[] | undefined;
  declare addable: boolean;
  declare party: PartyDraft;
  declare errors: Record<number, CompanionErrors>;
  /** The booker's country at the last check: phone numbers without a prefix are read for it. */
  declare leadCountry: string;

  constructor() {
    super();
    this.addable = false;
    this.party = EMPTY_PARTY;
    this.errors = {};
    this.leadCountry = DEFAULT_COUNTRY;
    this.addEventListener('keydown', (event) => this.onKeydown(event));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('size') && this.size !== undefined) this.party = withPartySize(this.party, this.size);
    if (changed.has('party') && this.party.companions.length > 0) void loadContactRules().catch(() => undefined);
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before = changed.get('party');
    if (before && partySizeOf(before) !== partySizeOf(this.party)) emit(this, 'luca-party-change', { size: partySizeOf(this.party) });
  }

  /**
   * Checks every further person for the booker's country; their companions, or undefined after
   * showing each mistake beside its field (focused, when `focus`: the booker's fields had none).
   */
  async check(leadCountry: string, focus: boolean): Promise<Companion[] | undefined> {
    this.leadCountry = leadCountry;
    if (this.party.companions.length === 0) {
      this.errors = {};
      return [];
    }
    // The rules (with libphonenumber-js) load with the contact form's, in the same chunk.
    const rules = await loadContactRules();
    const result = checkCompanions(this.party, rules.companionInputSchema(leadCountry), this.seats);
    if (result.ok) {
      this.errors = {};
      return result.companions;
    }
    this.errors = result.errors;
    if (focus) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${fieldId(result.first.key, result.first.field)}`)?.focus();
    }
    return undefined;
  }

  private async addPerson(): Promise<void> {
    const key = this.party.nextKey;
    this.party = withPersonAdded(this.party);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${fieldId(key, 'firstName')}`)?.focus();
  }

  private async removePerson(key: number): Promise<void> {
    this.party = withPersonRemoved(this.party, key);
    const { [key]: _removed, ...errors } = this.errors;
    this.errors = errors;
    await this.updateComplete;
    // Focus stays in the form: on "add another person", which is where the list now ends.
    this.renderRoot.querySelector<HTMLElement>('#add-person')?.focus();
  }

  private message(rule: ContactRule): string {
    return contactRuleText(this.i18n.messages, rule, '', { postcode: this.leadCountry, phone: this.leadCountry });
  }

  /** Enter in a person's field sends the whole form, as it does in the booker's fields. */
  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || !(event.composedPath()[0] instanceof HTMLInputElement)) return;
    event.preventDefault();
    this.closest('luca-contact-form')?.requestSubmit();
  }

  private renderField(person: CompanionDraft, field: CompanionField, rule: ContactRule | undefined) {
    const m = this.i18n.messages;
    const id = fieldId(person.key, field);
    const phone = field === 'phone';
    const describedBy = [phone ? `${id}-hint` : '', rule ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label
        >${phone ? m.companionPhone : m[field]}
        <input
          id=${id}
          type=${phone ? 'tel' : 'text'}
          inputmode=${phone ? 'tel' : nothing}
          autocomplete="off"
          .value=${person[field]}
          aria-invalid=${rule ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          ?required=${!phone}
          @input=${(event: Event) => (this.party = withValue(this.party, person.key, field, (event.target as HTMLInputElement).value))}
        />
        ${phone ? html`<span class="hint muted" id="${id}-hint">${m.companionPhoneHint}</span>` : nothing}
      </label>
      ${rule ? html`<span class="error" id="${id}-error">${this.message(rule)}</span>` : nothing}
    </div>`;
  }

  override render() {
    const m = this.i18n.messages;
    const persons = this.party.companions.map((person, index) => {
      const number = index + 2;
      const seat = this.seats?.[index + 1];
      const errors = this.errors[person.key] ?? {};
      return html`<fieldset data-person=${number}>
        <legend>${m.person(number)}${seat === undefined ? nothing : html` · ${m.seat(seat)}`}</legend>
        ${COMPANION_FIELDS.map((field) => this.renderField(person, field, errors[field]))}
        ${
          this.addable
            ? html`<button type="button" class="secondary" @click=${() => this.removePerson(person.key)}>${m.removePerson(number)}</button>`
            : nothing
        }
      </fieldset>`;
    });
    const more = canAddPerson(this.party)
      ? html`<button type="button" class="secondary" id="add-person" @click=${this.addPerson}>${m.addPerson}</button>`
      : html`<p class="muted" id="add-person" tabindex="-1">${m.partyFull}</p>`;
    return html`${persons}${this.addable ? more : nothing}`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-party-change': CustomEvent<{ size: number }>;
  }
  interface HTMLElementTagNameMap {
    'luca-party-fields': LucaPartyFields;
  }
}
