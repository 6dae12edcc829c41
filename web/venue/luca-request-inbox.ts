import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { Localized } from '../../client/locale.ts';
import { theme } from '../../client/theme.ts';
import { signedListStyles } from './signed-list-styles.ts';
import { venueMessages } from './messages.ts';
import {
  type CheckedEntry,
  type PreparedRelease,
  type RequestProblem,
  decline,
  loadInbox,
  prepareRelease,
  sendRelease,
} from './request-service.ts';
import { formatVenueTime, formatVenueWindow } from './venue-time.ts';
import type { OwnVenue } from './venue-api.ts';
import { describeError } from '../../client/error-text.ts';

/**
 * The venue's inbox of health-office requests: each request with office, employee, case
 * reference, venue, window and reason, its signature checked up to the pinned root, and the
 * venue's answer. Approving decrypts the outer layers in a Web Worker with a progress bar, finds
 * the stays inside the window, and asks the operator to confirm what leaves (how many check-ins,
 * of which venue, for which window, to which office) before anything is sent; declining records
 * a reason. Answered requests stay listed: the venue's audit trail of what was asked and what
 * left. Times are the venue's local time.
 */
export class LucaRequestInbox extends LitElement {
  static override properties = {
    venues: { attribute: false },
    entries: { state: true },
    progress: { state: true },
    confirming: { state: true },
    error: { state: true },
    reasonErrors: { state: true },
  };

  static override styles = [
    theme,
    signedListStyles,
    css`
      li {
        border: 1px solid #cbd5e1;
        border-radius: var(--luca-radius);
        padding: 1rem;
        background: var(--luca-paper);
      }
      form {
        display: grid;
        gap: 0.4rem;
        margin-top: 0.75rem;
      }
      textarea {
        font: inherit;
      }
      progress {
        width: 100%;
      }
      .confirm {
        border: 2px solid var(--luca-accent);
        border-radius: var(--luca-radius);
        padding: 0 0.75rem 0.75rem;
        margin-bottom: 0.75rem;
      }
      .confirm h3 {
        margin: 0.75rem 0 0.25rem;
      }
      .row {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  declare venues: OwnVenue[];
  /** A release decrypted and waiting for the operator's confirmation. */
  declare confirming: PreparedRelease | undefined;
  /** Per request id: the decline reason's problem, shown next to the field. */
  declare reasonErrors: Record<string, string>;
  declare entries: CheckedEntry[] | undefined;
  declare progress: { requestId: string; done: number; total: number } | undefined;
  declare error: string | undefined;

  constructor() {
    super();
    this.venues = [];
    this.reasonErrors = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  override updated(changed: Map<string, unknown>): void {
    // The venues arrive after the first load; their keys check the venue's own trail entries.
    if (changed.has('venues') && changed.get('venues') !== undefined) void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      this.entries = await loadInbox(this.venues);
    } catch (error) {
      // Offline, or the server refused: said in the operator's language, never as a raw error.
      this.error = describeError(error, this.i18n.messages.errors);
    }
  }

  private problemText(problem: RequestProblem | undefined): string {
    if (problem === 'not_responsible') return this.i18n.messages.notResponsible;
    if (problem === 'unreadable' || problem === undefined) return this.i18n.messages.unreadableRequest;
    return this.i18n.messages.errors.protocol[problem];
  }

  private time(ms: number): string {
    return formatVenueTime(ms, this.i18n.lang);
  }

  private async onApprove(entry: CheckedEntry, venue: OwnVenue): Promise<void> {
    this.error = undefined;
    this.progress = { requestId: entry.request.requestId, done: 0, total: 0 };
    try {
      this.confirming = await prepareRelease(
        entry,
        venue,
        (done, total) => (this.progress = { requestId: entry.request.requestId, done, total }),
      );
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-testid="release-confirm"] h3')?.focus();
    } catch (error) {
      this.error = describeError(error, this.i18n.messages.errors);
    } finally {
      this.progress = undefined;
    }
  }

  private async onConfirm(entry: CheckedEntry, venue: OwnVenue, prepared: PreparedRelease): Promise<void> {
    this.error = undefined;
    this.progress = { requestId: entry.request.requestId, done: prepared.released.length, total: prepared.released.length };
    try {
      await sendRelease(entry, venue, prepared);
      this.confirming = undefined;
      await this.reload();
    } catch (error) {
      this.error = describeError(error, this.i18n.messages.errors);
    } finally {
      this.progress = undefined;
    }
  }

  private async onDecline(event: SubmitEvent, entry: CheckedEntry): Promise<void> {
    event.preventDefault();
    const id = entry.request.requestId;
    const reason = formText(new FormData(event.target as HTMLFormElement), 'reason').trim();
    this.reasonErrors = { ...this.reasonErrors, [id]: '' };
    if (reason.length < 3) {
      this.reasonErrors = { ...this.reasonErrors, [id]: this.i18n.messages.declineReasonShort };
      (event.target as HTMLFormElement).querySelector('textarea')?.focus();
      return;
    }
    try {
      await decline(entry, reason);
      await this.reload();
    } catch (error) {
      this.error = describeError(error, this.i18n.messages.errors);
    }
  }

  private renderConfirm(entry: CheckedEntry, venue: OwnVenue, prepared: PreparedRelease) {
    const office = entry.verified?.officeName ?? entry.office.name;
    const window = formatVenueWindow(entry.request.from, entry.request.to, this.i18n.lang);
    return html`<div class="confirm" role="group" aria-labelledby="confirm-${entry.request.requestId}" data-testid="release-confirm">
      <h3 id="confirm-${entry.request.requestId}" tabindex="-1">${this.i18n.messages.releaseTitle}</h3>
      <p><strong data-testid="release-summary">${this.i18n.messages.releaseSummary(prepared.released.length, venue.card.name, window, office)}</strong></p>
      <p>${this.i18n.messages.releaseHint}</p>
      <div class="row">
        <button ?disabled=${this.progress !== undefined} @click=${() => this.onConfirm(entry, venue, prepared)}>${this.i18n.messages.releaseYes}</button>
        <button class="secondary" ?disabled=${this.progress !== undefined} @click=${() => (this.confirming = undefined)}>${this.i18n.messages.releaseNo}</button>
      </div>
    </div>`;
  }

  private renderEntry(entry: CheckedEntry) {
    const { request } = entry;
    const venue = this.venues.find((candidate) => candidate.card.venueId === request.venueId);
    const busy = this.progress?.requestId === request.requestId ? this.progress : undefined;
    const confirming = this.confirming?.requestId === request.requestId ? this.confirming : undefined;
    const reasonError = this.reasonErrors[request.requestId];
    const status =
      entry.status === 'pending'
        ? this.i18n.messages.pendingStatus
        : entry.status === 'approved'
          ? this.i18n.messages.approvedStatus(entry.releasedCount ?? 0)
          : this.i18n.messages.declinedStatus(entry.declineReason ?? '');
    return html`<li data-testid="request" data-request-id=${request.requestId}>
      <p class=${entry.verified ? 'ok' : 'bad'}>${entry.verified ? this.i18n.messages.verified : this.i18n.messages.notVerified(this.problemText(entry.problem))}</p>
      <dl>
        <dt>${this.i18n.messages.requestOffice}</dt><dd>${entry.verified?.officeName ?? entry.office.name}</dd>
        <dt>${this.i18n.messages.requestEmployee}</dt><dd>${request.employee.name}</dd>
        <dt>${this.i18n.messages.requestCase}</dt><dd>${request.caseReference}</dd>
        <dt>${this.i18n.messages.requestVenue}</dt><dd>${venue?.card.name ?? request.venueId}</dd>
        <dt>${this.i18n.messages.requestWindow}</dt><dd>${formatVenueWindow(request.from, request.to, this.i18n.lang)}</dd>
        <dt>${this.i18n.messages.requestReason}</dt><dd>${request.reason}</dd>
        <dt>${this.i18n.messages.requestReceived}</dt><dd>${this.time(request.createdAt)}</dd>
      </dl>
      <p><strong data-testid="request-status">${status}</strong></p>
      ${
        entry.trail.length > 0
          ? html`<details data-testid="request-trail">
            <summary>${this.i18n.messages.auditTrail}</summary>
            <ul>
              ${entry.trail.map(
                ({ entry: step, signed }) =>
                  html`<li>${this.time(step.at)}: ${this.i18n.messages.auditKind(step.kind)} · <span class=${signed ? 'ok' : 'bad'}>${signed ? this.i18n.messages.auditSigned : this.i18n.messages.auditUnsigned}</span></li>`,
              )}
            </ul>
          </details>`
          : nothing
      }
      ${
        entry.status === 'pending'
          ? html`${
              entry.verified && venue
                ? html`<p class="muted">${this.i18n.messages.approveHint}</p>
                  ${
                    busy
                      ? html`<label>${this.i18n.messages.approving(busy.done, busy.total)}<progress max=${busy.total || 1} value=${busy.done}></progress></label>`
                      : confirming
                        ? this.renderConfirm(entry, venue, confirming)
                        : html`<button ?disabled=${this.progress !== undefined || this.confirming !== undefined} @click=${() => this.onApprove(entry, venue)}>${this.i18n.messages.approve}</button>`
                  }`
                : nothing
            }
            <form novalidate @submit=${(event: SubmitEvent) => this.onDecline(event, entry)}>
              <label for="reason-${request.requestId}">${this.i18n.messages.declineReason}</label>
              <textarea id="reason-${request.requestId}" name="reason" rows="2" maxlength="500" aria-required="true" aria-invalid=${reasonError ? 'true' : 'false'} aria-describedby=${reasonError ? `reason-${request.requestId}-error` : nothing}></textarea>
              ${reasonError ? html`<span class="error" id="reason-${request.requestId}-error">${reasonError}</span>` : nothing}
              <button class="secondary" type="submit" ?disabled=${this.progress !== undefined}>${this.i18n.messages.decline}</button>
            </form>`
          : nothing
      }
    </li>`;
  }

  override render() {
    return html`<h2>${this.i18n.messages.inboxTitle}</h2>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      ${
        this.entries === undefined
          ? this.error
            ? nothing
            : html`<p aria-busy="true">…</p>`
          : this.entries.length === 0
            ? html`<p>${this.i18n.messages.inboxEmpty}</p>`
            : html`<ol>${this.entries.map((entry) => this.renderEntry(entry))}</ol>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-request-inbox': LucaRequestInbox;
  }
}
