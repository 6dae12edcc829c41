import { LitElement, css, html, nothing } from 'lit';
import { describeError } from '../../client/error-text.ts';
import { Localized } from '../../client/locale.ts';
import { theme } from '../../client/theme.ts';
import { signedListStyles } from './signed-list-styles.ts';
import { parseAuditDetail } from '../../protocol/audit-detail.ts';
import type { OwnVenue } from './venue-api.ts';
import { type AuditState, type CheckedWarning, type VenueWarnings, type WarningProblem, loadVenueWarnings } from './venue-warnings.ts';
import { venueWarningMessages } from './warning-messages.ts';
import { formatVenueTime, formatVenueWindow } from './venue-time.ts';

/**
 * The warnings health offices sent to the guests of the operator's venues, each checked in this
 * browser (web/venue/venue-warnings.ts): signature up to the pinned root, the office's audit entry,
 * a withdrawal. Shown below the request inbox: the venue sees warnings like requests.
 */
export class LucaVenueWarnings extends LitElement {
  static override properties = {
    venues: { attribute: false },
    loaded: { state: true },
    error: { state: true },
  };

  static override styles = [
    theme,
    signedListStyles,
    css`
      li.warning {
        border: 1px solid #cbd5e1;
        border-radius: var(--luca-radius);
        padding: 1rem;
        background: var(--luca-paper);
      }
      li.withdrawn {
        opacity: 0.85;
      }
      p {
        margin: 0.25rem 0;
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueWarningMessages);
  declare venues: OwnVenue[];
  declare loaded: VenueWarnings | undefined;
  declare error: string | undefined;

  constructor() {
    super();
    this.venues = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  private async reload(): Promise<void> {
    this.error = undefined;
    try {
      this.loaded = await loadVenueWarnings();
    } catch (error) {
      this.error = `${this.i18n.messages.loadFailed} ${describeError(error, this.i18n.messages.errors)}`;
    }
  }

  private problemText(problem: WarningProblem): string {
    return problem === 'unreadable' ? this.i18n.messages.unreadable : this.i18n.messages.errors.protocol[problem];
  }

  private auditLine(state: AuditState) {
    const m = this.i18n.messages;
    const text = state === 'signed' ? m.auditSigned : state === 'missing' ? m.auditMissing : m.auditMismatch;
    return html`<p class=${state === 'signed' ? 'ok' : 'bad'} data-testid="warning-audit" data-state=${state}>${text}</p>`;
  }

  private renderWarning(item: CheckedWarning) {
    const m = this.i18n.messages;
    const { warning } = item;
    const venue = this.venues.find((candidate) => candidate.card.venueId === warning.venueId);
    const withdrawal = item.withdrawal;
    const withdrawn = withdrawal !== undefined && withdrawal.problem === undefined;
    return html`<li class="warning ${withdrawn ? 'withdrawn' : ''}" data-testid="venue-warning" data-warning-id=${warning.warningId}>
      ${
        item.problem === undefined
          ? html`<p class="ok" data-testid="warning-verified">${m.verified}</p>`
          : html`<p class="bad" data-testid="warning-verified" data-problem=${item.problem}>${m.notVerified(this.problemText(item.problem))}</p>`
      }
      ${this.auditLine(item.audit)}
      <dl>
        <dt>${m.venue}</dt><dd>${venue?.card.name ?? warning.venueId}</dd>
        <dt>${m.window}</dt><dd>${formatVenueWindow(warning.from, warning.to, this.i18n.lang)}</dd>
        <dt>${m.level}</dt><dd>${m.levelText(warning.level)}</dd>
        <dt>${m.office}</dt><dd>${item.officeName ?? warning.officeId}</dd>
        <dt>${m.employee}</dt><dd>${warning.employee.name}</dd>
        <dt>${m.sentAt}</dt><dd>${formatVenueTime(warning.createdAt, this.i18n.lang)}</dd>
      </dl>
      ${
        withdrawal === undefined
          ? nothing
          : html`${
              withdrawal.problem === undefined
                ? html`<p><strong data-testid="warning-withdrawn">${m.withdrawn(formatVenueTime(withdrawal.withdrawal.withdrawnAt, this.i18n.lang))}</strong></p>`
                : html`<p class="bad" data-testid="warning-withdrawn" data-problem=${withdrawal.problem}>${m.withdrawalNotVerified(this.problemText(withdrawal.problem))}</p>`
            }
            ${this.auditLine(withdrawal.audit)}`
      }
    </li>`;
  }

  private renderUnmatched(loaded: VenueWarnings) {
    if (loaded.unmatched.length === 0) return nothing;
    const m = this.i18n.messages;
    return html`<h4>${m.unmatchedTitle}</h4>
      <p>${m.unmatchedHint}</p>
      <ul data-testid="unmatched-warning-entries">
        ${loaded.unmatched.map((entry) => {
          const detail = parseAuditDetail('warning_sent', entry.detail);
          const window = detail?.kind === 'warning_sent' ? formatVenueWindow(detail.from, detail.to, this.i18n.lang) : entry.detail;
          return html`<li>${m.unmatchedEntry(formatVenueTime(entry.at, this.i18n.lang), window)}</li>`;
        })}
      </ul>`;
  }

  override render() {
    const m = this.i18n.messages;
    const loaded = this.loaded;
    return html`<section aria-labelledby="venue-warnings-title">
      <h3 id="venue-warnings-title">${m.title}</h3>
      <p>${m.intro}</p>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      ${
        loaded === undefined
          ? this.error
            ? nothing
            : html`<p aria-busy="true">…</p>`
          : html`${
              loaded.warnings.length === 0
                ? html`<p data-testid="venue-warnings-empty">${m.empty}</p>`
                : html`<ol>${loaded.warnings.map((item) => this.renderWarning(item))}</ol>`
            }
            ${this.renderUnmatched(loaded)}`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-venue-warnings': LucaVenueWarnings;
  }
}
