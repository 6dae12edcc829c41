import { describeFailure } from '../../client/error-text.ts';
import { LitElement, css, html, nothing } from 'lit';
import { theme } from '../../client/theme.ts';
import type { Stay } from './guest-store.ts';
import { isUpcomingBooking } from './booking-check.ts';
import type { Lang } from '../../client/i18n.ts';
import { venueTime, venueWindow } from '../../client/venue-time.ts';
import type { GuestMessages } from './messages.ts';

/** The visits of the last 28 days kept on the device, newest first, with what is still unsent. */
export class LucaVisitHistory extends LitElement {
  static override properties = {
    messages: { attribute: false },
    stays: { attribute: false },
    locale: { type: String },
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

  declare messages: GuestMessages;
  declare stays: Stay[];
  declare locale: string;

  constructor() {
    super();
    this.stays = [];
    this.locale = 'de';
  }

  private when(stay: Stay): string {
    const lang: Lang = this.locale === 'en' ? 'en' : 'de';
    if (stay.departedAt !== undefined) return venueWindow(stay.arrivedAt, stay.departedAt, lang);
    return `${venueTime(stay.arrivedAt, lang, 'weekdayDayTime')} – ${this.messages.now}`;
  }

  override render() {
    const now = Date.now();
    return html`<h2>${this.messages.historyTitle}</h2>
      ${this.stays.length === 0
        ? html`<p>${this.messages.historyEmpty}</p>`
        : html`<ol data-testid="history">
            ${this.stays.map(
              (stay) => html`<li>
                <div class="venue">${stay.verified ? stay.venueName : this.messages.unverifiedVenue}${stay.areaName ? html` · ${stay.areaName}` : nothing}</div>
                <div>${this.when(stay)}</div>
                ${isUpcomingBooking(stay, now) ? html`<div class="upcoming" data-testid="upcoming">${this.messages.upcomingBooking}</div>` : nothing}
                ${stay.checkIn === 'pending' || stay.checkOut === 'pending' ? html`<div class="state">${this.messages.pending}</div>` : nothing}
                ${stay.checkIn === 'refused' ? html`<div class="state">${this.messages.refused}</div>` : nothing}
                ${stay.checkIn === 'failed' || stay.checkOut === 'failed' ? html`<div class="state">${this.messages.notSent(describeFailure(stay.problem, this.messages.errors))}</div>` : nothing}
              </li>`,
            )}
          </ol>`}
      <p class="muted">${this.messages.historyNote}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-visit-history': LucaVisitHistory;
  }
}
