import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { ActionState } from '../../client/action-state.ts';
import { emit } from '../../client/emit.ts';
import { isSufficientReason } from '../../protocol/case-visit.ts';
import { type IntakeVisit, intakeVisits, isRequestable, windowProblem } from '../../protocol/history-intake.ts';
import { ProtocolError } from '../../protocol/bytes.ts';
import { ApiRequestError } from '../../client/api.ts';
import { describeOfficeError } from './office-error-text.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import { venueWindow } from '../../client/venue-time.ts';
import {
  type RequestFailure,
  type SharedHistory,
  type TickedVisit,
  VisitRefusedError,
  openCaseFromHistory,
  openCaseWithoutApp,
  openSharedHistory,
} from './case-service.ts';
import { fromLocalInput, toLocalInput } from './format.ts';
import type { UnlockedOffice } from './keyring.ts';
import { healthMessages } from './messages.ts';

interface Choice {
  ticked: boolean;
  /** datetime-local values on the venues' clock, as the employee edits them. */
  from: string;
  to: string;
}

type Step = 'tan' | 'visits' | 'without-app';

/** Failures that concern the TAN the employee typed, shown next to it. */
const TAN_FAILURES: ReadonlySet<string> = new Set(['bad_tan', 'unknown_tan', 'tan_expired']);

export interface CaseOpenedDetail {
  caseId: string;
  /** Requests that could not be sent; the case stands, and the case view offers to send them again. */
  failures: RequestFailure[];
}

/**
 * Taking a case: the TAN the guest reads out opens the shared history in this browser; the
 * employee ticks the visits to ask about (each with a window: the stay plus half an hour each
 * side, editable), a file number and a reason, and the signed requests go out. Visits that have
 * not happened (a booking for later) or that the venues no longer keep are shown, not requestable.
 * An index case without the app gets a case with a reason instead; its venues are asked from the
 * case. Every rule is checked here first and explained next to its field.
 *
 * @fires luca-case-opened - detail `{ caseId, failures }` once the case is stored
 */
export class LucaCaseIntake extends LitElement {
  static override properties = {
    office: { attribute: false },
    route: {},
    entries: { state: true },
    choices: { state: true },
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
        gap: 0.75rem;
        max-width: 48rem;
      }
      fieldset {
        border: 1px solid #8a94a6;
        border-radius: 0.5rem;
        display: grid;
        gap: 0.4rem;
      }
      legend {
        font-weight: 700;
      }
      .window {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-weight: 600;
      }
      .check input {
        width: 1.4rem;
        height: 1.4rem;
      }
      .note {
        margin: 0;
      }
      .field-error {
        font-weight: 400;
      }
      section.without-app {
        margin-top: 2rem;
        border-top: 1px solid #d5dae3;
      }
    `,
  ];

  private readonly i18n = new Localized(this, healthMessages);
  private readonly action = new ActionState(this, (error) => describeOfficeError(error, this.t));
  declare office: UnlockedOffice | undefined;
  /** The step the address names (#/new, #/new/visits, #/new/without-app): each step is its own history entry. */
  declare route: Step;
  declare entries: IntakeVisit[];
  declare choices: Choice[];
  /** Field errors by field name: `tan`, `reference`, `reason`, `visit-<index>`. */
  declare errors: Record<string, string>;
  private shared: SharedHistory | undefined;

  constructor() {
    super();
    this.route = 'tan';
    this.entries = [];
    this.choices = [];
    this.errors = {};
  }

  private get t() {
    return this.i18n.messages;
  }

  /** The step shown: the visits only while a history is open here (after a reload, the TAN again). */
  private get step(): Step {
    return this.route === 'visits' && !this.shared ? 'tan' : this.route;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('errors')) {
      const first = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
    }
  }

  override render() {
    const t = this.t;
    return html`
      ${this.step === 'visits' ? this.renderVisits() : this.step === 'without-app' ? this.renderWithoutApp() : this.renderTan()}
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
      ${
        this.step === 'tan'
          ? html`<section class="without-app">
            <h2>${t.noAppTitle}</h2>
            <p class="muted">${t.noAppHint}</p>
            <button type="button" class="secondary" @click=${() => this.go('without-app')}>${t.noAppStart}</button>
          </section>`
          : nothing
      }
    `;
  }

  private go(step: Step): void {
    this.errors = {};
    this.action.error = '';
    location.hash = step === 'tan' ? '#/new' : `#/new/${step}`;
  }

  private fieldError(name: string) {
    const text = this.errors[name];
    return text ? html`<span class="error field-error" id="${name}-error">${text}</span>` : nothing;
  }

  private invalid(name: string): 'true' | 'false' {
    return this.errors[name] ? 'true' : 'false';
  }

  private renderTan() {
    const t = this.t;
    return html`<h2>${t.tanTitle}</h2>
      <form novalidate @submit=${this.openHistory}>
        <label
          >${t.tan}
          <input name="tan" autocomplete="off" spellcheck="false" maxlength="20" aria-invalid=${this.invalid('tan')} aria-describedby=${this.errors.tan ? 'tan-error' : nothing} />
          ${this.fieldError('tan')}
        </label>
        <button type="submit" ?disabled=${this.action.busy}>${t.openHistory}</button>
      </form>`;
  }

  private renderCaseFields() {
    const t = this.t;
    return html`<label
        >${t.reference}
        <input name="reference" maxlength="80" aria-invalid=${this.invalid('reference')} aria-describedby=${this.errors.reference ? 'reference-error' : nothing} />
        ${this.fieldError('reference')}
      </label>`;
  }

  private renderWithoutApp() {
    const t = this.t;
    return html`<h2>${t.noAppTitle}</h2>
      <p class="muted">${t.noAppHint}</p>
      <form novalidate @submit=${this.openWithoutApp}>
        ${this.renderCaseFields()}
        <label
          >${t.noAppReason}
          <textarea name="reason" maxlength="480" rows="3" aria-invalid=${this.invalid('reason')} aria-describedby=${this.errors.reason ? 'reason-error' : nothing}></textarea>
          ${this.fieldError('reason')}
        </label>
        <button type="submit" ?disabled=${this.action.busy}>${t.openCaseOnly}</button>
        <button type="button" class="secondary" @click=${() => this.go('tan')}>${t.backToTan}</button>
      </form>`;
  }

  private renderVisits() {
    const t = this.t;
    const own = this.office?.me.staff.officeId;
    const anyTicked = this.entries.some((entry, index) => isRequestable(entry) && this.choices[index]?.ticked);
    return html`
      <h2>${t.visitsTitle(this.entries.length)}</h2>
      ${this.entries.length === 0 ? html`<p>${t.emptyHistory}</p>` : nothing}
      <form novalidate @submit=${this.send}>
        ${this.renderCaseFields()}
        <label
          >${t.reason}
          <textarea name="reason" maxlength="500" rows="2" aria-invalid=${this.invalid('reason')} aria-describedby=${this.errors.reason ? 'reason-error' : nothing}>${t.defaultReason}</textarea>
          ${this.fieldError('reason')}
        </label>
        ${this.entries.map((entry, index) => this.renderVisit(entry, index, own))}
        <button type="submit" ?disabled=${this.action.busy}>${anyTicked ? t.sendRequests : t.openCaseOnly}</button>
      </form>
    `;
  }

  private renderVisit(entry: IntakeVisit, index: number, ownOffice: string | undefined) {
    const t = this.t;
    const { visit } = entry;
    const choice = this.choices[index];
    const id = `visit-${index}`;
    const until = visit.departedAt ?? (entry.stay ? entry.stay.to : visit.arrivedAt);
    const note =
      entry.state === 'upcoming'
        ? t.visitUpcoming
        : entry.state === 'expired'
          ? t.visitExpired
          : entry.state === 'ongoing'
            ? t.visitOngoing
            : undefined;
    return html`<fieldset data-testid="visit" data-venue-id=${visit.venueId} data-state=${entry.state}>
      <legend>${visit.venueName}${visit.areaName ? ` · ${visit.areaName}` : ''}</legend>
      <span>${visit.venueAddress}</span>
      <span>${t.indexStay(venueWindow(visit.arrivedAt, Math.max(until, visit.arrivedAt), this.i18n.lang))}${visit.departedAt === undefined ? ` (${t.noCheckout})` : ''}</span>
      ${visit.companions?.length ? html`<span data-testid="visit-companions">${t.visitCompanions(visit.companions)}</span>` : nothing}
      ${note ? html`<p class="note muted">${note}</p>` : nothing}
      ${visit.officeId !== ownOffice && isRequestable(entry) ? html`<p class="note muted">${t.otherOffice}</p>` : nothing}
      ${
        isRequestable(entry) && choice
          ? html`<label class="check"><input type="checkbox" .checked=${choice.ticked} @change=${(event: Event) => this.change(index, { ticked: (event.target as HTMLInputElement).checked })} /> ${t.requestVisit}</label>
            <div class="window" role="group" aria-label=${t.requestVisit}>
              <label
                >${t.windowFrom}<input type="datetime-local" .value=${choice.from} ?disabled=${!choice.ticked} aria-invalid=${this.invalid(id)} aria-describedby=${this.errors[id] ? `${id}-error` : nothing} @change=${(event: Event) => this.change(index, { from: (event.target as HTMLInputElement).value })}
              /></label>
              <label
                >${t.windowTo}<input type="datetime-local" .value=${choice.to} ?disabled=${!choice.ticked} aria-invalid=${this.invalid(id)} aria-describedby=${this.errors[id] ? `${id}-error` : nothing} @change=${(event: Event) => this.change(index, { to: (event.target as HTMLInputElement).value })}
              /></label>
            </div>
            ${this.fieldError(id)}`
          : this.fieldError(id)
      }
    </fieldset>`;
  }

  private change(index: number, change: Partial<Choice>): void {
    this.choices = this.choices.map((choice, i) => (i === index ? { ...choice, ...change } : choice));
    if (this.errors[`visit-${index}`]) {
      const { [`visit-${index}`]: _cleared, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  private async openHistory(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const office = this.office;
    if (!office || this.action.busy) return;
    const tan = formText(new FormData(event.target as HTMLFormElement), 'tan').trim();
    if (tan.length < 12) {
      this.errors = { tan: this.t.tanInvalid };
      return;
    }
    this.errors = {};
    await this.action.run(
      async () => {
        const shared = await openSharedHistory(office, tan);
        const now = Date.now();
        this.shared = shared;
        this.entries = intakeVisits(shared.visits, now);
        this.choices = this.entries.map((entry) => ({
          ticked: isRequestable(entry),
          from: entry.window ? toLocalInput(entry.window.from) : '',
          to: entry.window ? toLocalInput(entry.window.to) : '',
        }));
        this.go('visits');
      },
      (error) => {
        const text = describeOfficeError(error, this.t);
        // A TAN mistyped, unknown or spent is the TAN field's problem; anything else the whole form's.
        const aboutTan = (error instanceof ApiRequestError || error instanceof ProtocolError) && TAN_FAILURES.has(error.code);
        if (!aboutTan) return text;
        this.errors = { tan: text };
        return '';
      },
    );
  }

  /** The file number and reason as typed, with a field error for each rule they break. */
  private caseFields(
    form: FormData,
    reasonRule: 'required' | 'sufficient',
  ): { reference: string; reason: string; errors: Record<string, string> } {
    const reference = formText(form, 'reference').trim();
    const reason = formText(form, 'reason').trim();
    const errors: Record<string, string> = {};
    if (reference === '' || reference.length > 80) errors.reference = this.t.referenceRequired;
    if (reason === '') errors.reason = this.t.reasonRequired;
    else if (reasonRule === 'sufficient' && !isSufficientReason(reason)) errors.reason = this.t.reasonTooShort;
    return { reference, reason, errors };
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.office || !this.shared || this.action.busy) return;
    const { reference, reason, errors } = this.caseFields(new FormData(event.target as HTMLFormElement), 'required');
    const now = Date.now();
    const ticked: TickedVisit[] = [];
    const tickedIndex: number[] = [];
    this.entries.forEach((entry, index) => {
      const choice = this.choices[index];
      if (!isRequestable(entry) || !choice?.ticked) return;
      const window = { from: fromLocalInput(choice.from), to: fromLocalInput(choice.to) };
      const problem = windowProblem(window, entry.stay, now);
      if (problem) errors[`visit-${index}`] = this.t.windowProblem[problem];
      ticked.push({ entry, window });
      tickedIndex.push(index);
    });
    this.errors = errors;
    if (Object.keys(errors).length > 0) return;
    const { office, shared } = this;
    await this.action.run(
      async () => {
        const { caseId, failures } = await openCaseFromHistory(office, shared, reference, reason, ticked);
        emit(this, 'luca-case-opened', { caseId, failures });
      },
      (error) => {
        if (!(error instanceof VisitRefusedError)) return describeOfficeError(error, this.t);
        // The server refused one visit: the message stands next to that visit's times.
        const index = tickedIndex[error.index] ?? -1;
        this.errors = { [`visit-${index}`]: describeOfficeError(error.refusal, this.t) };
        return '';
      },
    );
  }

  private async openWithoutApp(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const office = this.office;
    if (!office || this.action.busy) return;
    const { reference, reason, errors } = this.caseFields(new FormData(event.target as HTMLFormElement), 'sufficient');
    this.errors = errors;
    if (Object.keys(errors).length > 0) return;
    await this.action.run(async () => {
      const caseId = await openCaseWithoutApp(office, reference, reason);
      emit(this, 'luca-case-opened', { caseId, failures: [] });
    });
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-case-opened': CustomEvent<CaseOpenedDetail>;
  }
  interface HTMLElementTagNameMap {
    'luca-case-intake': LucaCaseIntake;
  }
}
