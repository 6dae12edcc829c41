import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ActionState } from '../../client/action-state.ts';
import { DEFAULT_COUNTRY } from '../../protocol/countries.ts';
import { countryName } from '../../client/country-options.ts';
import type { ContactStatus } from './csv-export.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import { WINDOW_MARGIN_MS } from '../../protocol/history-intake.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import { confirmAction } from '../../client/confirm.ts';
import { venueWindow } from '../../client/venue-time.ts';
import {
  type Contact,
  type RequestFailure,
  closeCase,
  decryptContacts,
  exportCsv,
  groupStays,
  indexStayAt,
  sendRequest,
  unrequestedVisits,
} from './case-service.ts';
import { formatTime } from './format.ts';
import type { UnlockedOffice } from './keyring.ts';
import { healthMessages } from './messages.ts';
import { type CaseDetail, type CaseVisit, officeApi } from './office-api.ts';
import { describeOfficeError } from './office-error-text.ts';
import type { CaseWarning } from '../../protocol/api/office-warnings.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import type { WarnableVisit } from './luca-warn-visits.ts';
import { byReach, reachOf } from './warning-reach.ts';
import { caseWarnings } from './warning-service.ts';

/**
 * One case: the requests and their answers, the released contact data decrypted in a Web Worker
 * (with a progress bar), the contact list with exact arrival times and a status per person, an
 * overlap timeline per venue, the exports and closing the case.
 */
export class LucaCaseView extends LitElement {
  static override properties = {
    office: { attribute: false },
    caseId: { attribute: 'case-id' },
    detail: { state: true },
    contacts: { state: true },
    progress: { state: true },
    failed: { state: true },
    failures: { attribute: false },
    notice: { state: true },
    unrequested: { state: true },
    warnings: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :host {
        display: block;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.95rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.35rem 0.4rem;
        border-bottom: 1px solid #d5dae3;
        vertical-align: top;
      }
      .scroll {
        overflow-x: auto;
      }
      .relation,
      .note {
        display: block;
        font-weight: 400;
        font-size: 0.85rem;
        color: var(--luca-muted);
      }
      a.phone {
        white-space: nowrap;
      }
      tr.companion th {
        padding-left: 1.2rem;
      }
      progress {
        width: 100%;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 1rem 0;
      }
      ul.requests {
        padding-left: 1.2rem;
      }
      .heading-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 1rem;
      }
      details.more {
        margin-top: 2rem;
        border-top: 1px solid #d5dae3;
        padding-top: 0.5rem;
      }
      details.more summary {
        font-weight: 700;
        font-size: 1.1rem;
        cursor: pointer;
        min-height: 2.75rem;
        display: list-item;
        padding: 0.5rem 0;
      }
    `,
  ];

  private readonly i18n = new Localized(this, healthMessages);
  private readonly action = new ActionState(this, (error) => describeOfficeError(error, this.t));
  declare office: UnlockedOffice | undefined;
  declare caseId: string;
  declare detail: CaseDetail | undefined;
  declare contacts: Contact[];

  declare progress: { done: number; total: number } | undefined;
  declare failed: number;
  /** Requests the intake could not send, to show once with the new case. */
  declare failures: RequestFailure[];
  declare notice: string;
  /** Visits of the case no request covers yet (a request that failed), with their venue's card. */
  declare unrequested: { visit: CaseVisit; venue: VenueCard }[];
  /** The case's warnings with the acknowledgements of its released check-ins. */
  declare warnings: CaseWarning[];

  constructor() {
    super();
    this.caseId = '';
    this.failed = 0;
    this.contacts = [];
    this.failures = [];
    this.notice = '';
    this.unrequested = [];
    this.warnings = [];
  }

  private get t() {
    return this.i18n.messages;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('caseId') && changed.get('caseId') !== undefined) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.office || !this.caseId) return;
    this.action.error = '';
    try {
      const detail = await officeApi.caseDetail(this.caseId);
      this.detail = detail;
      this.unrequested = await unrequestedVisits(detail);
      this.warnings = (await caseWarnings(detail.case.id)).warnings;
      if (detail.released.length > 0) {
        this.progress = { done: 0, total: detail.released.length };
        const result = await decryptContacts(this.office, detail, (done, total) => (this.progress = { done, total }));
        this.contacts = this.withReach(result.contacts);
        this.failed = result.failed;
      }
    } catch (error) {
      this.action.error = describeOfficeError(error, this.t);
    }
  }

  override render() {
    const t = this.t;
    const detail = this.detail;
    if (!detail)
      return html`${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : html`<p aria-busy="true">…</p>`}`;
    const closed = detail.case.status === 'closed';
    return html`
      <h2>${t.reference}: ${detail.case.reference}</h2>
      ${closed ? html`<p class="muted">${t.caseClosed}</p>` : nothing}
      ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
      ${
        this.failures.length > 0
          ? html`<ul class="error" role="alert">
            ${this.failures.map((failure) => html`<li>${t.requestFailed(failure.venueName, describeOfficeError(failure.error, t))}</li>`)}
          </ul>`
          : nothing
      }
      ${
        closed
          ? nothing
          : html`<luca-warn-visits
              .office=${this.office}
              case-id=${detail.case.id}
              .visits=${this.warnableVisits()}
              .warnings=${this.warnings}
              @luca-warnings-changed=${() => void this.reloadWarnings()}
            ></luca-warn-visits>`
      }
      <div class="heading-row">
        <h3>${t.requestsTitle}</h3>
        <button type="button" class="secondary" @click=${() => void this.load()}>${t.refresh}</button>
      </div>
      ${detail.requests.length === 0 && detail.forwards.length === 0 ? html`<p class="muted">${t.noRequestsYet}</p>` : nothing}
      <ul class="requests">
        ${detail.requests.map(
          (entry) => html`<li data-testid="request" data-venue-id=${entry.venue.venueId}>
            ${entry.venue.name}, ${venueWindow(entry.request.from, entry.request.to, this.i18n.lang)}:
            <strong>${entry.status === 'approved' ? t.statusApproved(entry.releasedCount ?? 0) : entry.status === 'declined' ? t.statusDeclined(entry.declineReason ?? '') : t.statusPending}</strong>
          </li>`,
        )}
        ${detail.forwards.map((entry) => html`<li>${t.forwarded(entry.toOfficeName)}</li>`)}
      </ul>
      ${
        !closed && this.unrequested.length > 0
          ? html`<h3>${t.visitsWithoutRequest}</h3>
            <ul class="requests">
              ${this.unrequested.map(
                ({ visit, venue }) => html`<li data-testid="unrequested">
                  ${venue.name}, ${venueWindow(visit.from, visit.to, this.i18n.lang)}
                  <button type="button" class="secondary" ?disabled=${this.action.busy} @click=${() => void this.requestVisit(visit, venue)}>${t.sendVisitRequest}</button>
                </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        this.progress && this.progress.done < this.progress.total
          ? html`<label>${t.decrypting} (${this.progress.done}/${this.progress.total})<progress data-testid="decrypt-progress" max=${this.progress.total} .value=${this.progress.done}></progress></label>`
          : nothing
      }
      ${this.failed ? html`<p class="error">${t.decryptFailed(this.failed)}</p>` : nothing}
      ${this.renderContacts()} ${this.renderTimelines()}
      <div class="actions">
        <button type="button" ?disabled=${this.contacts.length === 0 || this.action.busy} @click=${() => void this.export('csv')}>${t.exportCsv}</button>
        <button type="button" ?disabled=${this.contacts.length === 0 || this.action.busy} @click=${() => void this.export('sormas')}>${t.exportSormas}</button>
        ${closed ? nothing : html`<button type="button" class="secondary" ?disabled=${this.action.busy} @click=${() => void this.close()}>${t.closeCase}</button>`}
      </div>
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
      ${
        closed
          ? nothing
          : html`<details class="more" ?open=${detail.case.visits.length === 0 && detail.requests.length === 0}>
            <summary>${t.otherRequestTitle}</summary>
            <luca-other-request .office=${this.office} case-id=${detail.case.id} reference=${detail.case.reference} @luca-request-sent=${(event: CustomEvent<{ venueName: string }>) => void this.sent(event.detail.venueName)}></luca-other-request>
          </details>`
      }
    `;
  }

  /** Each contact's reach by the case's warnings, the ones to call first. */
  private withReach(contacts: Contact[]): Contact[] {
    return byReach(
      contacts.map((contact) => ({
        ...contact,
        reach: reachOf(
          {
            checkInId: contact.checkInId,
            venueId: contact.venue.venueId,
            inApp: contact.inApp,
            arrivedAt: contact.arrivedAt,
            end: contact.departedAt ?? contact.arrivedAt + contact.venue.defaultStayMinutes * MINUTE_MS,
          },
          this.warnings,
        ),
      })),
    );
  }

  /** After a warning was sent or withdrawn, and on "refresh": the warnings and who read them, without decrypting again. */
  private async reloadWarnings(): Promise<void> {
    if (!this.detail) return;
    try {
      this.warnings = (await caseWarnings(this.detail.case.id)).warnings;
      this.contacts = this.withReach(this.contacts);
    } catch (error) {
      this.action.error = describeOfficeError(error, this.t);
    }
  }

  /** The case's visits with their venue's name (from the requests' cards, or the visits no request covers yet). */
  private warnableVisits(): WarnableVisit[] {
    const detail = this.detail;
    if (!detail) return [];
    const names = new Map<string, string>();
    for (const entry of detail.requests) names.set(entry.venue.venueId, entry.venue.name);
    for (const entry of this.unrequested) names.set(entry.venue.venueId, entry.venue.name);
    return detail.case.visits.map((visit) => ({ visit, venueName: names.get(visit.venueId) ?? visit.venueId }));
  }

  /** A companion has the app state of the one who checked them in: one check-in, one app, for the whole group. */
  private reachText(contact: Contact): string {
    const reach = contact.reach;
    const text = reach.state === 'read' ? this.t.reach.read(formatTime(reach.readAt, this.i18n.lang)) : this.t.reach[reach.state];
    return contact.companionOf !== undefined && contact.inApp ? this.t.reachThroughApp(text, contact.companionOf) : text;
  }

  private renderContacts() {
    const t = this.t;
    if (this.contacts.length === 0) return html`<p>${t.noContacts}</p>`;
    const checkIns = new Set(this.contacts.map((contact) => contact.checkInId)).size;
    return html`
      <h3>${checkIns === this.contacts.length ? t.contactsTitle(this.contacts.length) : t.contactsInCheckIns(this.contacts.length, checkIns)}</h3>
      <div class="scroll">
        <table data-testid="contacts">
          <thead>
            <tr><th scope="col">${t.colName}</th><th scope="col">${t.colPhone}</th><th scope="col">${t.colAddress}</th><th scope="col">${t.colVenue}</th><th scope="col">${t.colArrived}</th><th scope="col">${t.colLeft}</th><th scope="col">${t.colOverlap}</th><th scope="col">${t.colReach}</th><th scope="col">${t.colStatus}</th></tr>
          </thead>
          <tbody>
            ${repeat(
              this.contacts,
              (contact) => contact.key,
              (
                contact,
              ) => html`<tr data-testid="contact" data-checkin-id=${contact.checkInId} data-person=${contact.person} class=${contact.companionOf !== undefined ? 'companion' : ''}>
                <th scope="row">
                  ${contact.firstName} ${contact.lastName}
                  ${
                    contact.companionOf !== undefined
                      ? html`<span class="relation" data-testid="relation">${contact.withIndexCase ? t.companionOfIndex(contact.companionOf) : t.companionOf(contact.companionOf)}</span>`
                      : nothing
                  }
                </th>
                <td data-testid="phone">
                  <a class="phone" href="tel:${contact.reachablePhone.replace(/[^+\d]/g, '')}">${contact.reachablePhone}</a>
                  ${contact.reachableVia !== undefined ? html`<span class="note" data-testid="reachable-via">${t.reachableVia(contact.reachableVia)}</span>` : nothing}
                </td>
                <td>
                  ${contact.street}${contact.houseNumber ? ` ${contact.houseNumber}` : ''}, ${contact.postcode} ${contact.city}${contact.country && contact.country !== DEFAULT_COUNTRY ? `, ${countryName(contact.country, this.i18n.lang)}` : ''}
                  ${contact.livesWith !== undefined ? html`<span class="note">${t.livesWith(contact.livesWith)}</span>` : nothing}
                </td>
                <td>${contact.venue.name}${contact.areaName ? ` · ${contact.areaName}` : ''}${contact.seat ? ` · ${contact.seat}` : contact.reference ? ` · ${contact.reference}` : ''}</td>
                <td data-testid="arrived">${formatTime(contact.arrivedAt, this.i18n.lang)}</td>
                <td>${contact.departedAt ? formatTime(contact.departedAt, this.i18n.lang) : t.noCheckout}</td>
                <td data-testid="overlap">${t.minutes(contact.overlapMinutes)}</td>
                <td data-testid="reach" data-reach=${contact.reach.state}>${this.reachText(contact)}</td>
                <td>
                  <select aria-label="${t.colStatus}: ${contact.firstName} ${contact.lastName}" .value=${contact.status} @change=${(event: Event) => void this.setStatus(contact, (event.target as HTMLSelectElement).value as ContactStatus)}>
                    ${(['to_call', 'reached', 'unreachable'] as const).map((status) => html`<option value=${status} ?selected=${contact.status === status}>${t.status[status]}</option>`)}
                  </select>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private renderTimelines() {
    const detail = this.detail;
    if (!detail || this.contacts.length === 0) return nothing;
    const venues = [...new Map(this.contacts.map((contact) => [contact.venue.venueId, contact.venue])).values()];
    return venues.map((venue) => {
      const index = indexStayAt(detail, venue.venueId);
      const request = detail.requests.find((entry) => entry.venue.venueId === venue.venueId)?.request;
      if (!index) return nothing;
      return html`<h3>${this.t.timelineTitle(venue.name)}</h3>
        <luca-overlap-timeline
          .index=${index}
          .window=${request ? { from: request.from, to: request.to } : index}
          .stays=${groupStays(this.contacts.filter((contact) => contact.venue.venueId === venue.venueId))}
          .lang=${this.i18n.lang}
        ></luca-overlap-timeline>`;
    });
  }

  /** Marks one person: a companion's status is their own, beside the one who checked them in. */
  private async setStatus(contact: Contact, status: ContactStatus): Promise<void> {
    try {
      await officeApi.setStatus(this.caseId, contact.checkInId, contact.person, status);
      this.contacts = this.contacts.map((entry) => (entry.key === contact.key ? { ...entry, status } : entry));
    } catch (error) {
      this.action.error = describeOfficeError(error, this.t);
    }
  }

  private async export(format: 'csv' | 'sormas'): Promise<void> {
    const { office, detail } = this;
    if (!office || !detail) return;
    await this.action.run(async () => {
      const file = await exportCsv(office, detail, this.contacts, format, this.i18n.lang);
      const url = URL.createObjectURL(new Blob([file.text], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  private async sent(venueName: string): Promise<void> {
    this.failures = [];
    await this.load();
    this.notice = this.t.requestSentTo(venueName);
  }

  /** Sends the request for a visit of the case that has none yet (the window: the stay ± the margin, ending now at the latest). */
  private async requestVisit(visit: CaseVisit, venue: VenueCard): Promise<void> {
    const { office, detail } = this;
    if (!office || !detail) return;
    await this.action.run(async () => {
      const window = { from: visit.from - WINDOW_MARGIN_MS, to: Math.min(visit.to + WINDOW_MARGIN_MS, Math.max(Date.now(), visit.to)) };
      await sendRequest(
        office,
        detail.case.id,
        detail.case.reference,
        { venueId: venue.venueId, officeId: venue.officeId, venueName: venue.name },
        window,
        'visit',
        this.t.defaultReason,
      );
      await this.sent(venue.name);
    });
  }

  private async close(): Promise<void> {
    const office = this.office;
    if (!office || !this.detail) return;
    const t = this.t;
    const confirmed = await confirmAction({
      title: t.closeConfirmTitle,
      body: t.closeConfirmBody(this.detail.case.reference),
      confirm: t.closeConfirm,
      cancel: t.cancel,
    });
    if (!confirmed) return;
    await this.action.run(async () => {
      await closeCase(office, this.caseId);
      // Only the status changed: no second decryption (and audit entry) just to show it.
      if (this.detail) this.detail = { ...this.detail, case: { ...this.detail.case, status: 'closed', closedAt: Date.now() } };
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-case-view': LucaCaseView;
  }
}
