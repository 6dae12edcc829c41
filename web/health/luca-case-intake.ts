import { LitElement, css, html, nothing } from 'lit';
import type { Visit } from '../../protocol/history.ts';
import { type Lang, catalogue } from '../shared/i18n.ts';
import { formFields, theme } from '../shared/theme.ts';
import { type SelectedVisit, type SharedHistory, WINDOW_MARGIN_MS, openCaseWithRequests, openSharedHistory, stayOf } from './case-service.ts';
import { formatTime, fromLocalInput, toLocalInput } from './format.ts';
import type { UnlockedOffice } from './keyring.ts';
import { healthMessages } from './messages.ts';
import { describeError } from '../shared/error-text.ts';

interface Choice {
  selected: boolean;
  from: string;
  to: string;
}

/**
 * Taking a case: the TAN the guest reads out opens the shared history in this browser; the
 * employee chooses visits and windows (default: the stay plus half an hour each side), a file
 * number and a reason, and the signed requests go out.
 *
 * @fires luca-case-opened - detail `{ caseId }` once the case and its requests are stored
 */
export class LucaCaseIntake extends LitElement {
  static override properties = {
    office: { attribute: false },
    lang: {},
    visits: { state: true },
    choices: { state: true },
    busy: { state: true },
    error: { state: true },
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
      }
      fieldset {
        border: 1px solid #c3cad5;
        border-radius: 0.5rem;
        display: grid;
        gap: 0.4rem;
      }
      .window {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
      }
    `,
  ];

  declare office: UnlockedOffice | undefined;
  declare lang: Lang;
  declare visits: Visit[] | undefined;
  declare choices: Choice[];

  declare busy: boolean;
  declare error: string;
  private shared: SharedHistory | undefined;

  constructor() {
    super();
    this.busy = false;
    this.error = '';
    this.lang = 'de';
    this.choices = [];
  }

  private get t() {
    return catalogue(healthMessages, this.lang);
  }

  override render() {
    const t = this.t;
    return html`
      ${this.visits ? this.renderVisits() : html`
        <h2>${t.tanTitle}</h2>
        <form @submit=${this.openHistory}>
          <label>${t.tan}<input name="tan" autocomplete="off" spellcheck="false" required maxlength="20" /></label>
          <button type="submit" ?disabled=${this.busy}>${t.openHistory}</button>
        </form>`}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private renderVisits() {
    const t = this.t;
    const own = this.office?.me.staff.officeId;
    return html`
      <h2>${t.visitsTitle(this.visits?.length ?? 0)}</h2>
      <form @submit=${this.send}>
        <label>${t.reference}<input name="reference" required maxlength="80" /></label>
        <label>${t.reason}<textarea name="reason" required maxlength="500" rows="2">${t.defaultReason}</textarea></label>
        ${this.visits?.map((visit, index) => {
          const choice = this.choices[index];
          return html`<fieldset data-testid="visit" data-venue-id=${visit.venueId}>
            <legend>${visit.venueName}${visit.areaName ? ` · ${visit.areaName}` : ''}</legend>
            <span>${visit.venueAddress}</span>
            <span>${formatTime(visit.arrivedAt, this.lang)} – ${visit.departedAt ? formatTime(visit.departedAt, this.lang) : t.noCheckout}</span>
            ${visit.officeId !== own ? html`<span class="muted">${t.otherOffice}</span>` : nothing}
            <label><input type="checkbox" .checked=${choice?.selected ?? true} @change=${(event: Event) => this.update_(index, { selected: (event.target as HTMLInputElement).checked })} /> ${t.requestVisit}</label>
            <div class="window">
              <label>${t.windowFrom}<input type="datetime-local" .value=${choice?.from ?? ''} @change=${(event: Event) => this.update_(index, { from: (event.target as HTMLInputElement).value })} /></label>
              <label>${t.windowTo}<input type="datetime-local" .value=${choice?.to ?? ''} @change=${(event: Event) => this.update_(index, { to: (event.target as HTMLInputElement).value })} /></label>
            </div>
          </fieldset>`;
        })}
        <button type="submit" ?disabled=${this.busy}>${t.sendRequests}</button>
      </form>
    `;
  }

  private update_(index: number, change: Partial<Choice>): void {
    this.choices = this.choices.map((choice, i) => (i === index ? { ...choice, ...change } : choice));
  }

  private async openHistory(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.office) return;
    const tan = String(new FormData(event.target as HTMLFormElement).get('tan') ?? '');
    this.busy = true;
    this.error = '';
    try {
      const shared = await openSharedHistory(this.office, tan);
      this.shared = shared;
      this.visits = shared.visits;
      this.choices = shared.visits.map((visit) => {
        const stay = stayOf(visit);
        return { selected: true, from: toLocalInput(stay.from - WINDOW_MARGIN_MS), to: toLocalInput(Math.min(stay.to + WINDOW_MARGIN_MS, Date.now())) };
      });
    } catch (error) {
      this.error = describeError(error, this.t.errors);
    } finally {
      this.busy = false;
    }
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.office || !this.visits || !this.shared) return;
    const form = new FormData(event.target as HTMLFormElement);
    const selected: SelectedVisit[] = [];
    this.visits.forEach((visit, index) => {
      const choice = this.choices[index];
      if (choice?.selected) selected.push({ visit, from: fromLocalInput(choice.from), to: fromLocalInput(choice.to) });
    });
    this.busy = true;
    this.error = '';
    try {
      const caseId = await openCaseWithRequests(this.office, this.shared, String(form.get('reference') ?? '').trim(), String(form.get('reason') ?? '').trim(), selected);
      this.dispatchEvent(new CustomEvent<{ caseId: string }>('luca-case-opened', { detail: { caseId }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error, this.t.errors);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-case-intake': LucaCaseIntake;
  }
}
