import { describeFailure } from '../../client/error-text.ts';
import { LitElement, css, html, nothing } from 'lit';
import { Localized } from '../../client/locale.ts';
import { theme } from '../../client/theme.ts';
import type { Stay } from './guest-store.ts';
import { isUpcomingBooking } from './booking-check.ts';
import { venueTime, venueWindow } from '../../client/venue-time.ts';
import { guestMessages } from './messages.ts';
import { displayName } from '../../protocol/party.ts';
import { listOfNames } from './party-text.ts';

/** The visits of the last 28 days kept on the device, newest first, with who came along and what is still unsent. */
export class LucaVisitHistory extends LitElement {
  static override properties = {
    stays: { attribute: false },
  };

  static override styles = [
    theme,
    css`
      ol {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.6rem;
      }
      li {
        border: 1px solid #cbd5e1;
        border-radius: var(--luca-radius);
        padding: 0.7rem 0.9rem;
        background: var(--luca-paper);
      }
      .venue {
        font-weight: 700;
      }
      .upcoming {
        color: var(--luca-accent);
        font-weight: 600;
      }
      .state {
        color: #92400e;
        font-weight: 600;
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  declare stays: Stay[];

  constructor() {
    super();
    this.stays = [];
  }

  private when(stay: Stay): string {
    const lang = this.i18n.lang;
    if (stay.departedAt !== undefined) return venueWindow(stay.arrivedAt, stay.departedAt, lang);
    return `${venueTime(stay.arrivedAt, lang, 'weekdayDayTime')} – ${this.i18n.messages.now}`;
  }

  override render() {
    const now = Date.now();
    return html`<h2>${this.i18n.messages.historyTitle}</h2>
      ${
        this.stays.length === 0
          ? html`<p>${this.i18n.messages.historyEmpty}</p>`
          : html`<ol data-testid="history">
            ${this.stays.map(
              (stay) => html`<li>
                <div class="venue">${stay.verified ? stay.venueName : this.i18n.messages.unverifiedVenue}${stay.areaName ? html` · ${stay.areaName}` : nothing}</div>
                <div>${this.when(stay)}</div>
                ${stay.companions?.length ? html`<div data-testid="visit-party">${this.i18n.messages.historyWith(listOfNames(stay.companions.map(displayName), this.i18n.lang))}</div>` : nothing}
                ${isUpcomingBooking(stay, now) ? html`<div class="upcoming" data-testid="upcoming">${this.i18n.messages.upcomingBooking}</div>` : nothing}
                ${stay.checkIn === 'pending' || stay.checkOut === 'pending' ? html`<div class="state">${this.i18n.messages.pending}</div>` : nothing}
                ${stay.checkIn === 'refused' ? html`<div class="state">${this.i18n.messages.refused}</div>` : nothing}
                ${stay.checkIn === 'failed' || stay.checkOut === 'failed' ? html`<div class="state">${this.i18n.messages.notSent(describeFailure(stay.problem, this.i18n.messages.errors))}</div>` : nothing}
              </li>`,
            )}
          </ol>`
      }
      <p class="muted">${this.i18n.messages.historyNote}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-visit-history': LucaVisitHistory;
  }
}
