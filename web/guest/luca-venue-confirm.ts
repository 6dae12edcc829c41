import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import type { VerifiedVenue } from '../../protocol/venue.ts';
import { displayName } from '../../protocol/party.ts';
import { theme } from '../../client/theme.ts';
import type { Person } from './guest-store.ts';
import { guestMessages } from './messages.ts';

export interface ConfirmDetail {
  /** The ids of the persons coming along (the guest always comes). */
  companions: string[];
}

/**
 * Shows the verified venue (name and address from the venue-signed card, area if the code names
 * one) and asks before anything is sent. Without a connection the card cannot be fetched: the
 * venue is then shown as "not verified yet", and verification happens before anything is sent.
 *
 * Who is coming: the guest (always) and the guest's persons as checkboxes in a fieldset, those
 * of the last check-in preselected; the guest changes the choice here, and the whole group is
 * one check-in.
 *
 * @fires luca-confirm - the guest wants to check in here; detail: { companions }
 * @fires luca-cancel - the guest does not
 */
export class LucaVenueConfirm extends LitElement {
  static override properties = {
    venue: { attribute: false },
    busy: { type: Boolean },
    people: { attribute: false },
    preselected: { attribute: false },
    leadName: { type: String },
    chosen: { state: true },
  };

  static override styles = [
    theme,
    css`
      .card {
        border: 2px solid var(--luca-accent);
        border-radius: var(--luca-radius);
        padding: 1rem;
        margin: 1rem 0;
      }
      .name {
        font-size: 1.4rem;
        font-weight: 700;
        margin: 0;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
      fieldset {
        border: 1px solid #cbd5e1;
        border-radius: var(--luca-radius);
        padding: 0.5rem 0.9rem 0.75rem;
        margin: 0 0 1rem;
        display: grid;
        gap: 0.25rem;
      }
      legend {
        font-weight: 700;
        padding: 0 0.25rem;
      }
      fieldset label {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        min-height: 2.75rem;
      }
      fieldset input {
        width: 1.3rem;
        height: 1.3rem;
        flex: none;
      }
      .count {
        margin: 0.25rem 0 0;
      }
    `,
  ];

  /** Undefined while offline: the venue could not be verified yet. */
  private readonly i18n = new Localized(this, guestMessages);
  declare venue: VerifiedVenue | undefined;
  declare busy: boolean;
  /** The guest's persons, in list order. */
  declare people: Person[];
  /** The ids chosen at the last check-in (still on the list). */
  declare preselected: string[];
  /** The guest's own name, shown beside the box that is always ticked. */
  declare leadName: string;
  declare chosen: ReadonlySet<string>;

  constructor() {
    super();
    this.busy = false;
    this.people = [];
    this.preselected = [];
    this.leadName = '';
    this.chosen = new Set();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('preselected')) this.chosen = new Set(this.preselected);
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.chosen);
    if (on) next.add(id);
    else next.delete(id);
    this.chosen = next;
  }

  private confirm(): void {
    emit(this, 'luca-confirm', { companions: this.people.filter((person) => this.chosen.has(person.id)).map((person) => person.id) });
  }

  private renderParty() {
    const m = this.i18n.messages;
    if (this.people.length === 0) return html`<p class="muted" data-testid="party-none">${m.partyNone}</p>`;
    const count = 1 + this.people.filter((person) => this.chosen.has(person.id)).length;
    return html`<fieldset data-testid="party">
      <legend>${m.partyLegend}</legend>
      <label><input type="checkbox" checked disabled />${m.partyYou(this.leadName)}</label>
      ${this.people.map(
        (person) => html`<label
          ><input
            type="checkbox"
            name="companion"
            value=${person.id}
            .checked=${this.chosen.has(person.id)}
            ?disabled=${this.busy}
            @change=${(event: Event) => this.toggle(person.id, (event.target as HTMLInputElement).checked)}
          />${displayName(person.companion)}</label
        >`,
      )}
      <p class="count muted" aria-live="polite" data-testid="party-count">${m.partyCount(count)}</p>
    </fieldset>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus();
  }

  override render() {
    const venue = this.venue;
    return html`<h2>${this.i18n.messages.confirmTitle}</h2>
      <div class="card">
        ${
          venue
            ? html`<p class="name" data-testid="venue-name">${venue.card.name}</p>
              <p>${venue.card.street}<br />${venue.card.postcode} ${venue.card.city}</p>
              ${venue.area ? html`<p>${this.i18n.messages.area}: <strong>${venue.area.name}</strong></p>` : nothing}`
            : html`<p class="name" data-testid="venue-name">${this.i18n.messages.unverifiedVenue}</p>
              <p>${this.i18n.messages.unverifiedHint}</p>`
        }
      </div>
      ${this.renderParty()}
      <div class="actions">
        <button ?disabled=${this.busy} @click=${() => this.confirm()}>${this.busy ? this.i18n.messages.checkingIn : this.i18n.messages.checkIn}</button>
        <button class="secondary" ?disabled=${this.busy} @click=${() => emit(this, 'luca-cancel')}>${this.i18n.messages.cancel}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-confirm': CustomEvent<ConfirmDetail>;
    'luca-cancel': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-venue-confirm': LucaVenueConfirm;
  }
}
