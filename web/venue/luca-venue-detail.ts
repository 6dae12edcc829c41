import { LitElement, css, html, nothing } from 'lit';
import { formatVenueCode, venueCode } from '../../protocol/venue-code.ts';
import { theme } from '../shared/theme.ts';
import type { VenueMessages } from './messages.ts';
import { type Account, type OwnVenue, venueApi } from './venue-api.ts';
import { describeError } from '../shared/error-text.ts';

/**
 * One venue at a glance: status, the code for guests without a camera, links to the posters and
 * the kiosk, the websites allowed to embed the widget and the snippet for them,
 * the check-in counts per day (no guest data), and the recovery step while it is needed (a draft,
 * or a device without the key).
 *
 * @fires luca-navigate - detail: { hash } for the app's router
 */
export class LucaVenueDetail extends LitElement {
  static override properties = {
    messages: { attribute: false },
    venue: { attribute: false },
    account: { attribute: false },
    hasKeys: { type: Boolean },
    days: { state: true },
    code: { state: true },
    originsError: { state: true },
    originsSaved: { state: true },
  };

  static override styles = [
    theme,
    css`
      .status {
        font-weight: 700;
      }
      .live {
        color: var(--luca-ok);
      }
      .draft {
        color: #92400e;
      }
      ul {
        padding-left: 1.2rem;
      }
      table {
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.25rem 1rem 0.25rem 0;
      }
      .code {
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        font-size: 1.2rem;
      }
      form.origins {
        display: grid;
        gap: 0.4rem;
        max-width: 32rem;
      }
      textarea {
        font: inherit;
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        min-height: 2.75rem;
      }
    `,
  ];

  declare messages: VenueMessages;
  declare venue: OwnVenue;
  declare account: Account;
  declare hasKeys: boolean;
  declare days: { day: string; checkIns: number }[] | undefined;
  declare code: string | undefined;
  declare originsError: string | undefined;
  declare originsSaved: boolean;

  constructor() {
    super();
    this.hasKeys = false;
    this.originsSaved = false;
  }

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    this.code = formatVenueCode(await venueCode(this.venue.card));
    this.days = (await venueApi.stats(this.venue.card.venueId)).days;
  }

  private async setKioskOnly(kioskOnly: boolean): Promise<void> {
    this.venue = (await venueApi.settings(this.venue.card.venueId, { kioskOnly })).venue;
  }

  private async saveOrigins(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const lines = String(new FormData(event.target as HTMLFormElement).get('origins') ?? '')
      .split('\n')
      .map((line) => line.trim().replace(/\/+$/, ''))
      .filter(Boolean);
    this.originsError = undefined;
    try {
      this.venue = (await venueApi.settings(this.venue.card.venueId, { allowedOrigins: lines })).venue;
      this.originsSaved = true;
    } catch (error) {
      this.originsError = describeError(error, this.messages.errors);
    }
  }

  private go(hash: string): void {
    this.dispatchEvent(new CustomEvent('luca-navigate', { detail: { hash }, bubbles: true, composed: true }));
  }

  override render() {
    const { card, status } = this.venue;
    const needsRestore = status === 'draft' || !this.hasKeys;
    return html`<h2>${card.name}</h2>
      <p>${card.street}, ${card.postcode} ${card.city} · ${this.messages.kinds[card.kind]}</p>
      <p class="status ${status}" data-testid="venue-status">${status === 'live' ? this.messages.statusLive : this.messages.statusDraft}</p>
      ${!this.hasKeys ? html`<p role="alert">${this.messages.keyMissing}</p>` : nothing}
      ${needsRestore
        ? html`<luca-recovery-kit .messages=${this.messages} .venue=${this.venue} .account=${this.account}></luca-recovery-kit>`
        : html`<p><button class="secondary" @click=${() => this.go(`#/venue/${card.venueId}/edit`)}>${this.messages.edit}</button></p>`}
      ${status === 'live'
        ? html`<h3>${this.messages.posters}</h3>
            <ul>
              <li><a href="#/poster/${card.venueId}">${this.messages.posterWhole}</a></li>
              ${card.areas.map((area) => html`<li><a href="#/poster/${card.venueId}/${area.id}">${this.messages.posterArea(area.name)}</a></li>`)}
              <li><a href="#/kiosk/${card.venueId}">${this.messages.kiosk}</a></li>
            </ul>
            <label class="check"
              ><input type="checkbox" .checked=${this.venue.kioskOnly} @change=${(event: Event) => this.setKioskOnly((event.target as HTMLInputElement).checked)} />
              ${this.messages.kioskOnly}</label
            >
            <p>${this.messages.venueCode}: <span class="code" data-testid="venue-code">${this.code ?? ''}</span></p>
            <h3>${this.messages.embedTitle}</h3>
            <form class="origins" @submit=${this.saveOrigins}>
              <label for="origins">${this.messages.embedOrigins}</label>
              <textarea id="origins" name="origins" rows="3" .value=${this.venue.allowedOrigins.join('\n')} aria-describedby=${this.originsError ? 'origins-error' : nothing}></textarea>
              ${this.originsError ? html`<p class="error" id="origins-error" role="alert">${this.originsError}</p>` : nothing}
              ${this.originsSaved ? html`<p role="status">${this.messages.saved}</p>` : nothing}
              <button class="secondary" type="submit">${this.messages.save}</button>
            </form>
            <luca-widget-snippet .messages=${this.messages} .venue=${this.venue}></luca-widget-snippet>`
        : nothing}
      <h3>${this.messages.checkinsPerDay}</h3>
      ${this.days === undefined
        ? html`<p aria-busy="true">…</p>`
        : this.days.length === 0
          ? html`<p>${this.messages.noCheckins}</p>`
          : html`<table data-testid="checkin-counts">
              <tbody>
                ${this.days.map((row) => html`<tr><th scope="row">${row.day}</th><td>${row.checkIns}</td></tr>`)}
              </tbody>
            </table>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-venue-detail': LucaVenueDetail;
  }
}
