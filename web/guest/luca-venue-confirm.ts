import { LitElement, css, html, nothing } from 'lit';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import type { VerifiedVenue } from '../../protocol/venue.ts';
import { theme } from '../../client/theme.ts';
import { guestMessages } from './messages.ts';

/**
 * Shows the verified venue (name and address from the venue-signed card, area if the code names
 * one) and asks before anything is sent. Without a connection the card cannot be fetched: the
 * venue is then shown as "not verified yet", and verification happens before anything is sent.
 *
 * @fires luca-confirm - the guest wants to check in here
 * @fires luca-cancel - the guest does not
 */
export class LucaVenueConfirm extends LitElement {
  static override properties = {
    venue: { attribute: false },
    busy: { type: Boolean },
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
    `,
  ];

  /** Undefined while offline: the venue could not be verified yet. */
  private readonly i18n = new Localized(this, guestMessages);
  declare venue: VerifiedVenue | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
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
      <div class="actions">
        <button ?disabled=${this.busy} @click=${() => emit(this, 'luca-confirm')}>${this.busy ? this.i18n.messages.checkingIn : this.i18n.messages.checkIn}</button>
        <button class="secondary" ?disabled=${this.busy} @click=${() => emit(this, 'luca-cancel')}>${this.i18n.messages.cancel}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-confirm': CustomEvent<undefined>;
    'luca-cancel': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-venue-confirm': LucaVenueConfirm;
  }
}
