import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { newId } from '../../protocol/ids.ts';
import { VENUE_KINDS, type VenueKind } from '../../protocol/venue.ts';
import { formFields, theme } from '../../client/theme.ts';
import { type VenueMessages, venueMessages } from './messages.ts';
import type { OwnVenue } from './venue-api.ts';
import { type VenueDetails, officeForPostcode } from './venue-service.ts';

export interface VenueDetailsEvent {
  details: VenueDetails;
  officeId: string;
}

type Field = 'name' | 'street' | 'postcode' | 'city' | 'defaultStayMinutes' | 'office';

/**
 * The venue's public details: name, address, kind, usual stay, areas or tables. The health office
 * is the one responsible for the postcode (from the public directory), shown before saving.
 *
 * @fires luca-venue-details - valid details; detail: { details, officeId }
 */
export class LucaVenueEditor extends LitElement {
  static override properties = {
    venue: { attribute: false },
    details: { attribute: false },
    submitLabel: { type: String },
    errors: { state: true },
    officeName: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      form {
        display: grid;
        gap: 0.8rem;
      }
      .error {
        font-weight: 400;
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  declare venue: OwnVenue | undefined;
  /** Details typed earlier for a venue not created yet (Back from the passphrase step, or a reload). */
  declare details: VenueDetailsEvent | undefined;
  declare submitLabel: string;
  declare errors: Partial<Record<Field, string>>;
  declare officeName: string | undefined;
  private officeId: string | undefined;

  constructor() {
    super();
    this.errors = {};
    this.submitLabel = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const postcode = this.venue?.card.postcode ?? this.details?.details.postcode;
    if (postcode) void this.lookUpOffice(postcode);
  }

  private async lookUpOffice(postcode: string): Promise<void> {
    this.officeId = undefined;
    this.officeName = undefined;
    if (!/^\d{5}$/.test(postcode)) return;
    const office = await officeForPostcode(postcode);
    this.officeId = office?.officeId;
    this.officeName = office?.name;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => formText(form, name).trim();
    const errors: Partial<Record<Field, string>> = {};
    for (const field of ['name', 'street', 'city'] as const) if (!text(field)) errors[field] = this.i18n.messages.required;
    if (!/^\d{5}$/.test(text('postcode'))) errors.postcode = this.i18n.messages.invalidPostcode;
    const stay = Number(text('defaultStayMinutes'));
    if (!Number.isInteger(stay) || stay < 15 || stay > 1440) errors.defaultStayMinutes = this.i18n.messages.invalidStay;
    if (!errors.postcode) await this.lookUpOffice(text('postcode'));
    if (!errors.postcode && !this.officeId) errors.office = this.i18n.messages.officeUnknown;
    this.errors = errors;
    const first = Object.keys(errors)[0];
    if (first) {
      this.renderRoot.querySelector<HTMLElement>(`#${first === 'office' ? 'postcode' : first}`)?.focus();
      return;
    }
    const areaNames = text('areas')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .slice(0, 500);
    const existing = new Map(this.venue?.card.areas.map((area) => [area.name, area.id]));
    const details: VenueDetails = {
      name: text('name'),
      street: text('street'),
      postcode: text('postcode'),
      city: text('city'),
      kind: text('kind') as VenueKind,
      defaultStayMinutes: stay,
      // Existing areas keep their ids, so printed posters stay valid.
      areas: areaNames.map((name) => ({ id: existing.get(name) ?? newId().slice(0, 8), name: name.slice(0, 60) })),
    };
    emit(this, 'luca-venue-details', { details, officeId: this.officeId ?? '' });
  }

  private field(
    name: Field & keyof VenueMessages,
    value: string,
    extra: { type?: string; inputmode?: string; autocomplete?: string } = {},
  ) {
    const error = this.errors[name];
    return html`<label
      >${this.i18n.messages[name]}
      <input
        id=${name}
        name=${name}
        type=${extra.type ?? 'text'}
        inputmode=${extra.inputmode ?? nothing}
        autocomplete=${extra.autocomplete ?? 'off'}
        .value=${value}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${name}-error` : nothing}
        @change=${name === 'postcode' ? (event: Event) => this.lookUpOffice((event.target as HTMLInputElement).value.trim()) : nothing}
      />
      ${error ? html`<span class="error" id="${name}-error">${error}</span>` : nothing}
    </label>`;
  }

  override render() {
    const card = this.venue?.card ?? this.details?.details;
    return html`<form novalidate @submit=${this.onSubmit}>
      ${this.field('name', card?.name ?? '', { autocomplete: 'organization' })} ${this.field('street', card?.street ?? '', { autocomplete: 'street-address' })}
      ${this.field('postcode', card?.postcode ?? '', { inputmode: 'numeric', autocomplete: 'postal-code' })} ${this.field('city', card?.city ?? '', { autocomplete: 'address-level2' })}
      <label
        >${this.i18n.messages.kind}
        <select name="kind">
          ${VENUE_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === (card?.kind ?? 'restaurant')}>${this.i18n.messages.kinds[kind]}</option>`)}
        </select>
      </label>
      <label
        >${this.i18n.messages.defaultStay}
        <input id="defaultStayMinutes" name="defaultStayMinutes" type="number" inputmode="numeric" min="15" max="1440" .value=${String(card?.defaultStayMinutes ?? 120)}
          aria-invalid=${this.errors.defaultStayMinutes ? 'true' : 'false'} aria-describedby=${this.errors.defaultStayMinutes ? 'defaultStayMinutes-error' : nothing} />
        ${this.errors.defaultStayMinutes ? html`<span class="error" id="defaultStayMinutes-error">${this.errors.defaultStayMinutes}</span>` : nothing}
      </label>
      <label>${this.i18n.messages.areas}<textarea name="areas" rows="4" .value=${card?.areas.map((area) => area.name).join('\n') ?? ''}></textarea></label>
      <p aria-live="polite">
        ${this.i18n.messages.office}: <strong data-testid="office-name">${this.officeName ?? '–'}</strong>
        ${this.errors.office ? html`<br /><span class="error" role="alert">${this.errors.office}</span>` : nothing}
      </p>
      <button type="submit">${this.submitLabel || this.i18n.messages.next}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-venue-details': CustomEvent<VenueDetailsEvent>;
  }
  interface HTMLElementTagNameMap {
    'luca-venue-editor': LucaVenueEditor;
  }
}
