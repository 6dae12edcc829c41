import { LitElement, css, html, nothing } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { confirmAction } from '../../client/confirm.ts';
import { emit } from '../../client/emit.ts';
import { formText } from '../../client/form-text.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import { venueWindow } from '../../client/venue-time.ts';
import type { CaseWarning, WarningTexts } from '../../protocol/api/office-warnings.ts';
import type { CaseVisit } from '../../protocol/case-visit.ts';
import { WINDOW_MARGIN_MS } from '../../protocol/history-intake.ts';
import type { WarningLevel } from '../../protocol/warning.ts';
import { formatTime } from './format.ts';
import type { UnlockedOffice } from './keyring.ts';
import { healthMessages } from './messages.ts';
import { describeOfficeError } from './office-error-text.ts';
import { DEFAULT_WARNING_TEXTS, loadWarningTexts, saveWarningTexts, sendWarning, withdrawWarning } from './warning-service.ts';

/** A visit of the case with the name of its venue, as the case view knows it. */
export interface WarnableVisit {
  visit: CaseVisit;
  venueName: string;
}

/**
 * Warning the app guests of the case's visits, right after the TAN was redeemed: the employee
 * picks visits, the margin and the level; the advice (German and English), phone and hours start
 * from the office's template and can be edited, and an admin can keep them as the template.
 * Visits already warned (and not withdrawn) start unticked. The sent warnings are listed with how
 * many contacts read them, each with "withdraw".
 *
 * @fires luca-warnings-changed - a warning was sent or withdrawn
 */
export class LucaWarnVisits extends LitElement {
  static override properties = {
    office: { attribute: false },
    caseId: { attribute: 'case-id' },
    visits: { attribute: false },
    warnings: { attribute: false },
    texts: { state: true },
    level: { state: true },
    notice: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      fieldset {
        border: 1px solid #d5dae3;
        border-radius: var(--luca-radius);
        margin: 0 0 0.75rem;
      }
      .visit,
      .radio {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 400;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        min-height: 5rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
      }
      ul {
        padding-left: 1.2rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, healthMessages);
  private readonly action = new ActionState(this, (error) => describeOfficeError(error, this.i18n.messages));
  declare office: UnlockedOffice | undefined;
  declare caseId: string;
  declare visits: WarnableVisit[];
  declare warnings: CaseWarning[];
  declare texts: WarningTexts;
  declare level: WarningLevel;
  declare notice: string;

  constructor() {
    super();
    this.caseId = '';
    this.visits = [];
    this.warnings = [];
    this.texts = DEFAULT_WARNING_TEXTS;
    this.level = 1;
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    loadWarningTexts().then(
      (texts) => (this.texts = texts),
      (error: unknown) => console.warn('office warning texts not loaded', error),
    );
  }

  private venueName(venueId: string): string {
    return this.visits.find((entry) => entry.visit.venueId === venueId)?.venueName ?? venueId;
  }

  private async warn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const office = this.office;
    if (!office || !(event.target instanceof HTMLFormElement)) return;
    const form = new FormData(event.target);
    const t = this.i18n.messages;
    const chosen = this.visits.filter((_, index) => form.get(`visit-${index}`) === 'on');
    if (chosen.length === 0) {
      this.action.error = t.warnNoVisit;
      return;
    }
    const marginMinutes = Math.max(0, Math.min(720, Number(formText(form, 'margin')) || 0));
    const advice = { de: formText(form, 'advice-de'), en: formText(form, 'advice-en') };
    const contact = { phone: formText(form, 'phone'), hours: formText(form, 'hours') };
    const level = this.level;
    this.notice = '';
    const done = await this.action.run(async () => {
      for (const { visit } of chosen) await sendWarning(office, this.caseId, { visit, marginMinutes, level, advice, contact });
      if (form.get('template') === 'on') {
        const texts = { ...this.texts, [level === 2 ? 'level2' : 'level1']: advice, contact };
        await saveWarningTexts(texts);
        this.texts = texts;
      }
    });
    if (done) this.notice = t.warnSent(chosen.length);
    emit(this, 'luca-warnings-changed');
  }

  private async withdraw(entry: CaseWarning): Promise<void> {
    const office = this.office;
    if (!office) return;
    const t = this.i18n.messages;
    const venue = this.venueName(entry.warning.venueId);
    const confirmed = await confirmAction({
      title: t.withdrawConfirmTitle,
      body: t.withdrawConfirmBody(venue),
      confirm: t.withdrawConfirm,
      cancel: t.cancel,
      danger: true,
    });
    if (!confirmed) return;
    await this.action.run(() => withdrawWarning(office, this.caseId, entry.warning.warningId, entry.warning.venueId));
    emit(this, 'luca-warnings-changed');
  }

  override render() {
    const t = this.i18n.messages;
    const lang = this.i18n.lang;
    const advice = this.level === 2 ? this.texts.level2 : this.texts.level1;
    const isAdmin = this.office?.me.staff.role === 'admin';
    return html`<section aria-labelledby="warn-title" data-testid="warn-visits">
      <h3 id="warn-title">${t.warnTitle}</h3>
      <p class="muted">${t.warnIntro}</p>
      ${
        this.visits.length === 0
          ? html`<p>${t.warnNoVisits}</p>`
          : html`<form @submit=${(event: SubmitEvent) => void this.warn(event)}>
              <fieldset>
                <legend>${t.warnVisits}</legend>
                ${this.visits.map(
                  ({ visit, venueName }, index) => html`<label class="visit"
                    ><input
                      type="checkbox"
                      name="visit-${index}"
                      .checked=${!this.warnings.some((entry) => entry.withdrawal === null && entry.warning.venueId === visit.venueId)}
                      data-testid="warn-visit"
                    />
                    ${venueName}, ${venueWindow(visit.from, visit.to, lang)}</label
                  >`,
                )}
              </fieldset>
              <fieldset>
                <legend>${t.warnLevel}</legend>
                ${([1, 2] as const).map(
                  (level) => html`<label class="radio"
                    ><input type="radio" name="level" value=${level} .checked=${this.level === level} @change=${() => (this.level = level)} data-testid="warn-level-${level}" />
                    ${t.warnLevelName(level)}</label
                  >`,
                )}
              </fieldset>
              <label>${t.warnMargin}<input name="margin" type="number" min="0" max="720" step="5" value=${String(WINDOW_MARGIN_MS / 60_000)} data-testid="warn-margin" /></label>
              <label>${t.warnAdviceDe}<textarea name="advice-de" required maxlength="600" .value=${advice.de}></textarea></label>
              <label>${t.warnAdviceEn}<textarea name="advice-en" required maxlength="600" .value=${advice.en}></textarea></label>
              <div class="row">
                <label>${t.warnPhone}<input name="phone" required maxlength="40" .value=${this.texts.contact.phone} /></label>
                <label>${t.warnHours}<input name="hours" required maxlength="200" .value=${this.texts.contact.hours} /></label>
              </div>
              ${isAdmin ? html`<label class="radio"><input type="checkbox" name="template" /> ${t.warnSaveTemplate}</label>` : nothing}
              <button type="submit" ?disabled=${this.action.busy} data-testid="warn-send">${t.warnSend}</button>
            </form>`
      }
      ${this.notice ? html`<p role="status" data-testid="warn-notice">${this.notice}</p>` : nothing}
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
      ${
        this.warnings.length === 0
          ? nothing
          : html`<h4>${t.warningsSent}</h4>
              <ul>
                ${this.warnings.map(
                  (entry) => html`<li data-testid="sent-warning">
                    ${t.warningEntry(this.venueName(entry.warning.venueId), venueWindow(entry.warning.from, entry.warning.to, lang), entry.warning.level)}
                    · ${t.warningReads(entry.reads.length)}
                    ${
                      entry.withdrawal
                        ? html` · <strong data-testid="warning-withdrawn">${t.warningWithdrawnAt(formatTime(entry.withdrawal.withdrawnAt, lang))}</strong>`
                        : html` <button type="button" class="secondary" ?disabled=${this.action.busy} @click=${() => void this.withdraw(entry)} data-testid="withdraw">${t.withdraw}</button>`
                    }
                  </li>`,
                )}
              </ul>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-warnings-changed': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-warn-visits': LucaWarnVisits;
  }
}
