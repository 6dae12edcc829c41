import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import type { RecoveryKit } from '../../protocol/recovery-kit.ts';
import { formatVenueCode, venueCode } from '../../protocol/venue-code.ts';
import { describeError } from '../../client/error-text.ts';
import { theme } from '../../client/theme.ts';
import { parseEmbedOrigins } from './embed-origins.ts';
import { venueMessages } from './messages.ts';
import { type Account, type OwnVenue, venueApi } from './venue-api.ts';
import { countVenuePeople } from './people-count-service.ts';
import { countsByVenueDay, formatDay } from './venue-time.ts';

/**
 * One venue at a glance: status, the code for guests without a camera, links to the posters and
 * the kiosk, the websites allowed to embed the widget and the snippet for them, the check-in
 * counts per local day (no guest data), and the recovery step while it is needed: a draft, a
 * device without the key, or a kit made here that was never proven (trust model 14). Until then
 * the venue's everyday functions wait. A draft can instead get new keys or be deleted.
 *
 * @fires luca-navigate - detail: { hash } for the app's router
 * @fires luca-venue-delete - the operator confirmed deleting this draft
 */
export class LucaVenueDetail extends LitElement {
  static override properties = {
    venue: { attribute: false },
    account: { attribute: false },
    kit: { attribute: false },
    hasKeys: { type: Boolean },
    busy: { type: Boolean },
    days: { state: true },
    persons: { state: true },
    peopleState: { state: true },
    code: { state: true },
    originsError: { state: true },
    originsSaved: { state: true },
    confirmingDelete: { state: true },
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
      th {
        font-weight: 400;
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
      textarea[aria-invalid='true'] {
        border-color: var(--luca-danger);
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        min-height: 2.75rem;
      }
      .stuck {
        border-top: 1px solid #cbd5e1;
        margin-top: 1.5rem;
      }
      .row {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
        align-items: center;
      }
      .confirm {
        border: 2px solid var(--luca-danger);
        border-radius: var(--luca-radius);
        padding: 0.75rem;
      }
      button.danger {
        background: var(--luca-danger);
        border-color: var(--luca-danger);
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  declare venue: OwnVenue;
  declare account: Account;
  /** A kit made on this device and not yet proven by restoring it. */
  declare kit: RecoveryKit | undefined;
  declare hasKeys: boolean;
  declare busy: boolean;
  declare days: { day: string; checkIns: number }[] | undefined;
  /** People per day, counted in this browser from the outer layers (people-counts.ts). */
  declare persons: ReadonlyMap<string, number>;
  declare peopleState: 'counting' | 'done' | 'no_key' | 'failed';
  declare code: string | undefined;
  declare originsError: string | undefined;
  declare originsSaved: boolean;
  declare confirmingDelete: boolean;

  constructor() {
    super();
    this.hasKeys = false;
    this.busy = false;
    this.originsSaved = false;
    this.confirmingDelete = false;
    this.persons = new Map();
    this.peopleState = 'counting';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** The venue's typed code and its check-ins per day. */
  private async load(): Promise<void> {
    this.code = formatVenueCode(await venueCode(this.venue.card));
    const days = countsByVenueDay((await venueApi.stats(this.venue.card.venueId)).hours);
    this.days = days;
    if (this.venue.status !== 'live') return;
    this.peopleState = 'counting';
    try {
      const counted = await countVenuePeople(
        this.venue,
        days,
        (day, persons) => (this.persons = new Map([...this.persons, [day, persons]])),
      );
      this.peopleState = counted ? 'done' : 'no_key';
    } catch (error) {
      console.warn('people per day not counted', error);
      this.peopleState = 'failed';
    }
  }

  private async setKioskOnly(kioskOnly: boolean): Promise<void> {
    this.venue = (await venueApi.settings(this.venue.card.venueId, { kioskOnly })).venue;
  }

  private async saveOrigins(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const textarea = (event.target as HTMLFormElement).querySelector('textarea');
    const parsed = parseEmbedOrigins(formText(new FormData(event.target as HTMLFormElement), 'origins'), this.i18n.messages);
    this.originsError = undefined;
    this.originsSaved = false;
    if ('error' in parsed) {
      this.originsError = parsed.error;
      textarea?.focus();
      return;
    }
    try {
      this.venue = (await venueApi.settings(this.venue.card.venueId, { allowedOrigins: parsed.origins })).venue;
      this.originsSaved = true;
    } catch (error) {
      this.originsError = describeError(error, this.i18n.messages.errors);
    }
  }

  private go(hash: string): void {
    emit(this, 'luca-navigate', { hash });
  }

  private renderDraftWayOut() {
    const { card } = this.venue;
    return html`<section class="stuck" aria-labelledby="stuck-title">
      <h3 id="stuck-title">${this.i18n.messages.draftStuckTitle}</h3>
      <p>${this.i18n.messages.draftStuckIntro}</p>
      ${
        this.confirmingDelete
          ? html`<div class="confirm" role="group" aria-labelledby="confirm-delete">
            <p id="confirm-delete"><strong>${this.i18n.messages.deleteDraftConfirm(card.name)}</strong></p>
            <div class="row">
              <button class="danger" ?disabled=${this.busy} @click=${() => emit(this, 'luca-venue-delete')}>${this.i18n.messages.deleteDraftYes}</button>
              <button class="secondary" @click=${() => (this.confirmingDelete = false)}>${this.i18n.messages.cancel}</button>
            </div>
          </div>`
          : html`<div class="row">
            <button class="secondary" @click=${() => this.go(`#/venue/${card.venueId}/keys`)}>${this.i18n.messages.rekey}</button>
            <button class="secondary" @click=${() => (this.confirmingDelete = true)}>${this.i18n.messages.deleteDraft}</button>
          </div>`
      }
    </section>`;
  }

  private renderLive() {
    const { card } = this.venue;
    return html`<h3>${this.i18n.messages.posters}</h3>
      <ul>
        <li><a href="#/poster/${card.venueId}">${this.i18n.messages.posterWhole}</a></li>
        ${card.areas.map((area) => html`<li><a href="#/poster/${card.venueId}/${area.id}">${this.i18n.messages.posterArea(area.name)}</a></li>`)}
        <li><a href="#/kiosk/${card.venueId}">${this.i18n.messages.kiosk}</a></li>
      </ul>
      <label class="check"
        ><input type="checkbox" .checked=${this.venue.kioskOnly} @change=${(event: Event) => this.setKioskOnly((event.target as HTMLInputElement).checked)} />
        ${this.i18n.messages.kioskOnly}</label
      >
      <p>${this.i18n.messages.venueCode}: <span class="code" data-testid="venue-code">${this.code ?? ''}</span></p>
      <h3>${this.i18n.messages.embedTitle}</h3>
      <form class="origins" novalidate @submit=${this.saveOrigins}>
        <label for="origins">${this.i18n.messages.embedOrigins}</label>
        <textarea id="origins" name="origins" rows="3" .value=${this.venue.allowedOrigins.join('\n')} aria-invalid=${this.originsError ? 'true' : 'false'} aria-describedby=${this.originsError ? 'origins-error' : nothing}></textarea>
        ${this.originsError ? html`<p class="error" id="origins-error" data-testid="origins-error">${this.originsError}</p>` : nothing}
        ${this.originsSaved ? html`<p role="status">${this.i18n.messages.saved}</p>` : nothing}
        <button class="secondary" type="submit">${this.i18n.messages.save}</button>
      </form>
      <luca-widget-snippet .venue=${this.venue}></luca-widget-snippet>`;
  }

  override render() {
    const { card, status } = this.venue;
    const kitUnproven = this.kit !== undefined;
    const needsRestore = status === 'draft' || !this.hasKeys || kitUnproven;
    const statusText =
      status === 'draft'
        ? this.i18n.messages.statusDraft
        : kitUnproven
          ? this.i18n.messages.statusLiveUnchecked
          : this.i18n.messages.statusLive;
    return html`<h2>${card.name}</h2>
      <p>${card.street}, ${card.postcode} ${card.city} · ${this.i18n.messages.kinds[card.kind]}</p>
      <p class="status ${kitUnproven ? 'draft' : status}" data-testid="venue-status">${statusText}</p>
      ${!this.hasKeys ? html`<p role="alert">${this.i18n.messages.keyMissing}</p>` : nothing}
      ${status === 'live' && kitUnproven ? html`<p>${this.i18n.messages.kitPendingIntro}</p>` : nothing}
      ${
        needsRestore
          ? html`<luca-recovery-kit .venue=${this.venue} .account=${this.account} .kit=${this.kit}></luca-recovery-kit>`
          : html`<p><button class="secondary" @click=${() => this.go(`#/venue/${card.venueId}/edit`)}>${this.i18n.messages.edit}</button></p>`
      }
      ${status === 'draft' ? this.renderDraftWayOut() : nothing}
      ${status === 'live' && !kitUnproven ? this.renderLive() : nothing}
      ${status === 'live' ? this.renderCounts() : nothing}`;
  }

  /**
   * A draft takes no check-ins: there is nothing to count. People are counted in this browser
   * (a group's size is sealed to the venue's key); until a day is counted, or on a device without
   * the key, its check-ins are shown alone.
   */
  private renderCounts() {
    const t = this.i18n.messages;
    const note = this.peopleState === 'done' ? '' : t.peopleState[this.peopleState];
    return html`<h3>${t.checkinsPerDay}</h3>
      ${
        this.days === undefined
          ? html`<p aria-busy="true">…</p>`
          : this.days.length === 0
            ? html`<p>${t.noCheckins}</p>`
            : html`<table data-testid="checkin-counts">
                <tbody>
                  ${this.days.map((row) => {
                    const persons = this.persons.get(row.day);
                    return html`<tr>
                      <th scope="row">${formatDay(row.day, this.i18n.lang)}</th>
                      <td data-testid="day-count" data-persons=${persons ?? nothing} data-checkins=${row.checkIns}>
                        ${persons === undefined ? t.checkInsOnly(row.checkIns) : t.peopleInCheckIns(persons, row.checkIns)}
                      </td>
                    </tr>`;
                  })}
                </tbody>
              </table>
              <p class="muted" role="status" data-testid="people-state">${note}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-navigate': CustomEvent<{ hash: string }>;
    'luca-venue-delete': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-venue-detail': LucaVenueDetail;
  }
}
