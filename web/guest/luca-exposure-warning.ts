import { LitElement, css, html, nothing } from 'lit';
import { describeError } from '../../client/error-text.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { theme } from '../../client/theme.ts';
import { venueTime } from '../../client/venue-time.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import type { ReceivedWarning, Stay } from './guest-store.ts';
import { guestMessages } from './messages.ts';
import { listOfNames } from './party-text.ts';

/**
 * One warning as the guest reads it: what (the level and the office's advice in the guest's
 * language), where and when (the guest's own visit and the warned window), who was there with the
 * guest (the persons checked in with them are warned through the guest), who to call, and
 * "Verstanden". Everything shown here verified up to the pinned root before it was stored
 * (web/guest/warning-service.ts); a withdrawn warning says so instead of its advice.
 *
 * @fires luca-acknowledge - the guest tapped "Verstanden" (the app acknowledges each stay)
 * @fires luca-warning-back - back to the visits
 */
export class LucaExposureWarning extends LitElement {
  static override properties = {
    received: { attribute: false },
    stays: { attribute: false },
    error: { type: String },
    busy: { type: Boolean },
  };

  static override styles = [
    theme,
    css`
      .card {
        border: 3px solid #b91c1c;
        border-radius: var(--luca-radius);
        padding: 0.75rem 1rem;
        background: #fff5f5;
      }
      .withdrawn {
        border-color: #64748b;
        background: #f8fafc;
      }
      h2 {
        margin-top: 0;
      }
      .level {
        font-weight: 700;
      }
      dt {
        font-weight: 700;
        margin-top: 0.5rem;
      }
      dd {
        margin: 0;
      }
      .advice {
        white-space: pre-line;
        font-size: 1.1rem;
      }
      .ok {
        border-left: 4px solid var(--luca-ok);
        padding-left: 0.75rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  declare received: ReceivedWarning;
  /** The guest's stays the warning concerns. */
  declare stays: Stay[];
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.stays = [];
    this.error = '';
    this.busy = false;
  }

  override firstUpdated(): void {
    // Opened from a notification or the banner: the heading is where a screen reader starts.
    this.renderRoot.querySelector('h2')?.focus();
  }

  override render() {
    const m = this.i18n.messages;
    const lang = this.i18n.lang;
    const { warning } = this.received;
    const withdrawn = this.received.withdrawnAt !== undefined;
    // First names: the guest knows who Mia and Leo are ("Du, Mia und Leo wart dort").
    const party = [...new Set(this.stays.flatMap((stay) => stay.companions ?? []).map((companion) => companion.firstName))];
    const when = (stay: Stay) =>
      `${venueTime(stay.arrivedAt, lang, 'weekdayDayTime')} – ${venueTime(stay.departedAt ?? stay.arrivedAt + stay.defaultStayMinutes * MINUTE_MS, lang, 'time')}`;
    return html`<section class="card ${withdrawn ? 'withdrawn' : ''}" data-testid="exposure-warning" aria-labelledby="warning-heading">
        <h2 id="warning-heading" tabindex="-1">${m.warningHeading}</h2>
        ${
          withdrawn
            ? html`<p role="status" data-testid="warning-withdrawn">${m.warningWithdrawn}</p>`
            : html`<p class="level" data-testid="warning-level">${m.warningLevel(warning.level)}</p>
                ${party.length > 0 ? html`<p class="level" data-testid="warning-party">${m.warningParty(listOfNames([m.you, ...party], lang))}</p>` : nothing}
                <h3>${m.warningAdvice}</h3>
                <p class="advice" data-testid="warning-advice">${warning.advice[lang]}</p>`
        }
        <dl>
          <dt>${m.warningWhere}</dt>
          <dd data-testid="warning-venue">${this.stays[0]?.venueName ?? ''}</dd>
          <dt>${m.warningYourVisit}</dt>
          <dd>${this.stays.map((stay) => html`<div>${when(stay)}</div>`)}</dd>
          <dt>${m.warningWindow}</dt>
          <dd data-testid="warning-window">${venueTime(warning.from, lang, 'weekdayDayTime')} – ${venueTime(warning.to, lang, 'time')}</dd>
          <dt>${m.warningOffice}</dt>
          <dd data-testid="warning-office">${this.received.officeName}</dd>
          <dt>${m.warningPhone}</dt>
          <dd><a href="tel:${warning.contact.phone.replace(/[^0-9+]/g, '')}" data-testid="warning-phone">${warning.contact.phone}</a></dd>
          <dt>${m.warningHours}</dt>
          <dd>${warning.contact.hours}</dd>
        </dl>
        <p class="muted">${m.warningVerified}</p>
        ${
          this.received.readAt !== undefined && !withdrawn
            ? html`<p class="ok" role="status" data-testid="warning-acknowledged">${m.warningAcknowledged(venueTime(this.received.readAt, lang, 'time'))}</p>`
            : nothing
        }
        ${this.error ? html`<p class="error" role="alert" data-testid="warning-error">${this.error}</p>` : nothing}
        <div class="actions">
          ${
            withdrawn || (this.received.readAt !== undefined && this.error === '')
              ? nothing
              : html`<button ?disabled=${this.busy} @click=${() => emit(this, 'luca-acknowledge')} data-testid="warning-acknowledge">
                  ${m.warningAcknowledge}
                </button>`
          }
          <button class="secondary" @click=${() => emit(this, 'luca-warning-back')}>${m.warningBack}</button>
        </div>
      </section>`;
  }
}

/** Turns an acknowledgement's failure into the guest's language. */
export function acknowledgementFailure(error: unknown, lang: 'de' | 'en'): string {
  const m = guestMessages[lang];
  return m.warningAckFailed(describeError(error, m.errors));
}

declare global {
  interface HTMLElementEventMap {
    'luca-acknowledge': CustomEvent<undefined>;
    'luca-warning-back': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-exposure-warning': LucaExposureWarning;
  }
}
