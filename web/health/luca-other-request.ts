import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { ActionState } from '../../client/action-state.ts';
import { emit } from '../../client/emit.ts';
import { isSufficientReason } from '../../protocol/case-visit.ts';
import { MAX_REQUEST_WINDOW_MS } from '../../protocol/data-request.ts';
import { HOUR_MS } from '../../protocol/time.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import { describeOfficeError } from './office-error-text.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import { sendRequest } from './case-service.ts';
import { fromLocalInput, toLocalInput } from './format.ts';
import type { UnlockedOffice } from './keyring.ts';
import { healthMessages } from './messages.ts';
import { officeApi } from './office-api.ts';

/** A request may end at most this long after it is made (the venue's own check). */
const FUTURE_SLACK_MS = HOUR_MS;

/**
 * Asking a venue of the office's area that the shared history does not name ("other" basis): an
 * index case without the app said "I was at Café X on Friday evening", or a contact's workplace.
 * The employee finds the venue by name, street or postcode, gives the window and a reason (shown
 * to the venue, which decides), and the signed request goes out with its audit entry.
 *
 * @fires luca-request-sent - detail `{ venueName }` once the request is stored
 */
export class LucaOtherRequest extends LitElement {
  static override properties = {
    office: { attribute: false },
    caseId: { attribute: 'case-id' },
    reference: {},
    results: { state: true },
    chosen: { state: true },
    window: { state: true },
    errors: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.6rem;
        max-width: 40rem;
      }
      .search {
        display: flex;
        gap: 0.5rem;
        align-items: start;
      }
      .search button {
        margin-top: 1.75rem;
      }
      .search label {
        flex: 1;
      }
      ul {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.3rem;
      }
      .window {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
      }
      .field-error {
        font-weight: 400;
      }
    `,
  ];

  private readonly i18n = new Localized(this, healthMessages);
  private readonly action = new ActionState(this, (error) => describeOfficeError(error, this.t));
  declare office: UnlockedOffice | undefined;
  declare caseId: string;
  declare reference: string;
  declare results: VenueCard[] | undefined;
  declare chosen: VenueCard | undefined;
  /** The window's inputs as the employee edits them (datetime-local values on the venues' clock). */
  declare window: { from: string; to: string };
  declare errors: Record<string, string>;

  constructor() {
    super();
    this.caseId = '';
    this.reference = '';
    this.errors = {};
    // A guess to edit: the last four hours.
    const now = Date.now();
    this.window = { from: toLocalInput(now - 4 * HOUR_MS), to: toLocalInput(now) };
  }

  private get t() {
    return this.i18n.messages;
  }

  private fieldError(name: string) {
    const text = this.errors[name];
    return text ? html`<span class="error field-error" id="other-${name}-error">${text}</span>` : nothing;
  }

  private aria(name: string) {
    return { invalid: this.errors[name] ? 'true' : 'false', describedBy: this.errors[name] ? `other-${name}-error` : nothing };
  }

  override render() {
    const t = this.t;
    const query = this.aria('query');
    const reason = this.aria('reason');
    const window = this.aria('window');
    return html`
      <p class="muted">${t.otherRequestHint}</p>
      <form novalidate @submit=${this.search} class="search">
        <label>${t.venueSearch}<input name="query" maxlength="80" autocomplete="off" aria-invalid=${query.invalid} aria-describedby=${query.describedBy} />${this.fieldError('query')}</label>
        <button type="submit" class="secondary" ?disabled=${this.action.busy}>${t.venueSearchButton}</button>
      </form>
      ${this.results?.length === 0 ? html`<p role="status">${t.venueSearchNone}</p>` : nothing}
      ${
        this.results && this.results.length > 0
          ? html`<ul data-testid="venue-results">
            ${this.results.map(
              (card) => html`<li>
                <button type="button" class="secondary" aria-pressed=${this.chosen?.venueId === card.venueId ? 'true' : 'false'} @click=${() => this.choose(card)}>${t.chooseVenue(card.name)}</button>
                ${card.street}, ${card.postcode} ${card.city}
              </li>`,
            )}
          </ul>`
          : nothing
      }
      <form novalidate @submit=${this.send}>
        ${this.chosen ? html`<p role="status">${t.chosenVenue(this.chosen.name, `${this.chosen.street}, ${this.chosen.postcode} ${this.chosen.city}`)}</p>` : this.fieldError('venue')}
        <div class="window" role="group">
          <label>${t.windowFrom}<input type="datetime-local" name="from" .value=${this.window.from} aria-invalid=${window.invalid} aria-describedby=${window.describedBy} @change=${(event: Event) => (this.window = { ...this.window, from: (event.target as HTMLInputElement).value })} /></label>
          <label>${t.windowTo}<input type="datetime-local" name="to" .value=${this.window.to} aria-invalid=${window.invalid} aria-describedby=${window.describedBy} @change=${(event: Event) => (this.window = { ...this.window, to: (event.target as HTMLInputElement).value })} /></label>
        </div>
        ${this.fieldError('window')}
        <label>${t.otherReason}<textarea name="reason" rows="2" maxlength="500" aria-invalid=${reason.invalid} aria-describedby=${reason.describedBy}></textarea>${this.fieldError('reason')}</label>
        <button type="submit" ?disabled=${this.action.busy}>${t.sendOther}</button>
      </form>
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
    `;
  }

  private choose(card: VenueCard): void {
    this.chosen = card;
    const { venue: _chosen, ...rest } = this.errors;
    this.errors = rest;
  }

  private async search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const query = formText(new FormData(event.target as HTMLFormElement), 'query').trim();
    if (query.length < 2) {
      this.errors = { query: this.t.venueSearchShort };
      return;
    }
    this.errors = {};
    await this.action.run(async () => {
      this.results = (await officeApi.venues(query)).venues;
    });
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const office = this.office;
    if (!office || this.action.busy) return;
    // The form now: after an await, a shadow-DOM event no longer names its target.
    const formElement = event.target as HTMLFormElement;
    const form = new FormData(formElement);
    const window = { from: fromLocalInput(this.window.from), to: fromLocalInput(this.window.to) };
    const reason = formText(form, 'reason').trim();
    const errors: Record<string, string> = {};
    const t = this.t;
    if (!this.chosen) errors.venue = t.chooseVenueFirst;
    if (!Number.isFinite(window.from) || !Number.isFinite(window.to)) errors.window = t.windowProblem.unreadable;
    else if (window.to <= window.from) errors.window = t.windowProblem.end_before_start;
    else if (window.to - window.from > MAX_REQUEST_WINDOW_MS) errors.window = t.windowProblem.too_long;
    else if (window.to > Date.now() + FUTURE_SLACK_MS) errors.window = t.windowProblem.in_future;
    if (!isSufficientReason(reason)) errors.reason = t.reasonTooShort;
    this.errors = errors;
    const chosen = this.chosen;
    if (Object.keys(errors).length > 0 || !chosen) return;
    await this.action.run(async () => {
      await sendRequest(
        office,
        this.caseId,
        this.reference,
        { venueId: chosen.venueId, officeId: chosen.officeId, venueName: chosen.name },
        window,
        'other',
        reason,
      );
      formElement.reset();
      this.chosen = undefined;
      this.window = { from: toLocalInput(Date.now() - 4 * HOUR_MS), to: toLocalInput(Date.now()) };
      this.results = undefined;
      emit(this, 'luca-request-sent', { venueName: chosen.name });
    });
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-request-sent': CustomEvent<{ venueName: string }>;
  }
  interface HTMLElementTagNameMap {
    'luca-other-request': LucaOtherRequest;
  }
}
