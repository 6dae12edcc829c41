import { LitElement, css, html, nothing } from 'lit';
import { Localized } from '../../client/locale.ts';
import { describeOfficeError } from './office-error-text.ts';
import { theme } from '../../client/theme.ts';
import { type CheckedLog, loadCheckedLog } from './audit-service.ts';
import { auditDetailText } from './audit-text.ts';
import { formatTime } from './format.ts';
import type { UnlockedOffice } from './keyring.ts';
import { healthMessages } from './messages.ts';

/** The office's audit chain, checked in this browser: "chain intact" or where it breaks. */
export class LucaAuditLog extends LitElement {
  static override properties = {
    office: { attribute: false },
    log: { state: true },
    error: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.4rem;
        border-bottom: 1px solid #d5dae3;
      }
      .intact {
        color: var(--luca-ok);
        font-weight: 700;
      }
      .broken {
        color: var(--luca-danger);
        font-weight: 700;
      }
    `,
  ];

  private readonly i18n = new Localized(this, healthMessages);
  declare office: UnlockedOffice | undefined;
  declare log: CheckedLog | undefined;

  declare error: string;

  constructor() {
    super();
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.office) {
      loadCheckedLog(this.office).then(
        (log) => (this.log = log),
        (error: unknown) => (this.error = describeOfficeError(error, this.i18n.messages)),
      );
    }
  }

  override render() {
    const t = this.i18n.messages;
    const log = this.log;
    return html`
      <h2>${t.auditTitle}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        log
          ? html`<p role="status" data-testid="chain-status" class=${log.check.intact ? 'intact' : 'broken'}>
              ${log.check.intact ? t.chainIntact(log.entries.length) : t.chainBroken(log.check.seq, t.chainProblem[log.check.problem])}
            </p>
            ${
              log.check.intact && log.check.purged
                ? html`<p data-testid="chain-purged">${t.chainPurged(log.check.purged.through, log.check.purged.checkpoint)}</p>`
                : nothing
            }
            ${
              log.venueKeyRefused.length > 0
                ? html`<p class="broken" role="alert" data-testid="venue-key-refused">${t.venueKeyRefused(log.venueKeyRefused.join(', '))}</p>`
                : nothing
            }
            <table>
              <thead><tr><th scope="col">#</th><th scope="col">${t.auditTime}</th><th scope="col">${t.auditWhat}</th><th scope="col">${t.auditWho}</th><th scope="col">${t.auditDetail}</th></tr></thead>
              <tbody>
                ${[...log.entries].reverse().map(
                  (entry) => html`<tr data-testid="audit-entry">
                    <td>${entry.seq}</td>
                    <td>${formatTime(entry.at, this.i18n.lang)}</td>
                    <td>${t.auditKind[entry.kind]}</td>
                    <td>${log.names.get(`${entry.actor.type}:${entry.actor.id}`) ?? entry.actor.id}</td>
                    <td>${auditDetailText(entry.kind, entry.detail, t, this.i18n.lang)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-audit-log': LucaAuditLog;
  }
}
