import { venueTime } from '../../client/venue-time.ts';
import { LitElement, css, html, nothing } from 'lit';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { theme } from '../../client/theme.ts';
import { automaticDeparture } from './checkin-service.ts';
import type { Stay } from './guest-store.ts';
import { guestMessages } from './messages.ts';
import { displayName } from '../../protocol/party.ts';
import { listOfNames } from './party-text.ts';

/**
 * The current stay: where, since when, how long, who came along, whether the check-in has reached
 * the server yet, and the checkout button (one checkout for the whole group: it is one check-in). The elapsed time ticks once a minute.
 *
 * @fires luca-checkout - the guest leaves
 */
export class LucaCurrentStay extends LitElement {
  static override properties = {
    stay: { attribute: false },
    busy: { type: Boolean },
    now: { state: true },
  };

  static override styles = [
    theme,
    css`
      .venue {
        font-size: 1.4rem;
        font-weight: 700;
        margin: 0;
      }
      .status {
        border-left: 4px solid var(--luca-ok);
        padding-left: 0.75rem;
      }
      .pending {
        border-left-color: #b45309;
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  declare stay: Stay;
  declare busy: boolean;
  declare now: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.busy = false;
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => {
      this.now = Date.now();
    }, 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  override render() {
    const lang = this.i18n.lang;
    const since = venueTime(this.stay.arrivedAt, lang, 'time');
    const minutes = Math.max(0, Math.floor((this.now - this.stay.arrivedAt) / 60_000));
    const pending = this.stay.checkIn === 'pending';
    const until = venueTime(automaticDeparture(this.stay), lang, 'time');
    const name = this.stay.verified ? this.stay.venueName : this.i18n.messages.unverifiedVenue;
    return html`<section aria-live="polite">
      <p class="venue" data-testid="stay-venue">${name}</p>
      <p class="muted">${this.stay.venueAddress}${this.stay.areaName ? html` · ${this.stay.areaName}` : nothing}</p>
      ${
        this.stay.companions?.length
          ? html`<p data-testid="stay-party">${this.i18n.messages.stayWith(listOfNames(this.stay.companions.map(displayName), lang))}</p>`
          : nothing
      }
      <p class="status ${pending ? 'pending' : ''}" data-testid="stay-status">
        ${this.i18n.messages.checkedInAt(since)}<br />${this.i18n.messages.elapsed(minutes)}<br />${this.i18n.messages.autoCheckout(until)}
        ${pending ? html`<br /><strong data-testid="stay-pending">${this.i18n.messages.pending}</strong>` : nothing}
      </p>
      <button ?disabled=${this.busy} @click=${() => emit(this, 'luca-checkout')}>
        ${this.i18n.messages.checkOut}
      </button>
    </section>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-checkout': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-current-stay': LucaCurrentStay;
  }
}
