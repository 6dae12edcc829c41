import { LitElement, css, html, nothing } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { Localized } from '../../client/locale.ts';
import { formatTan } from '../../protocol/tan.ts';
import { theme } from '../../client/theme.ts';
import { type SharedTan, type Stay, guestStore } from './guest-store.ts';
import { dropCancelledBookings } from './booking-check.ts';
import type { Lang } from '../../client/i18n.ts';
import { venueTime } from '../../client/venue-time.ts';
import { guestMessages } from './messages.ts';
import { type OfficeChoice, searchOffices } from './office-directory.ts';
import { loadOffices, shareHistory } from './share-service.ts';
import { visitsOf } from './shared-visits.ts';
import { describeError } from '../../client/error-text.ts';

/**
 * Sharing the history with a health office: choose the office (searchable by name or postcode,
 * the one serving the guest's postcode first), confirm, and read the TAN out on the phone.
 * Only offices whose certificate verifies under the pinned root are offered.
 */
export class LucaShareHistory extends LitElement {
  static override properties = {
    stays: { attribute: false },
    homePostcode: { type: String },
    offices: { state: true },
    query: { state: true },
    chosen: { state: true },
    result: { state: true },
    copied: { state: true },
  };

  static override styles = [
    theme,
    css`
      label.search {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
      input[type='search'] {
        font: inherit;
        padding: 0.65rem 0.75rem;
        border: 2px solid #6b7280;
        border-radius: 0.5rem;
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0.75rem 0;
        display: grid;
        gap: 0.4rem;
        max-height: 18rem;
        overflow: auto;
      }
      fieldset label {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        padding: 0.5rem;
        border: 1px solid #cbd5e1;
        border-radius: 0.5rem;
        min-height: 2.75rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .tan {
        font-size: clamp(2rem, 9vw, 3rem);
        font-weight: 800;
        letter-spacing: 0.08em;
        font-variant-numeric: tabular-nums;
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        margin: 0.5rem 0;
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  private readonly action = new ActionState(this, (error) => describeError(error, this.i18n.messages.errors));
  declare stays: Stay[];
  declare homePostcode: string | undefined;
  declare offices: OfficeChoice[] | undefined;
  declare query: string;
  declare chosen: OfficeChoice | undefined;
  declare result: SharedTan | undefined;
  declare copied: boolean;

  constructor() {
    super();
    this.stays = [];
    this.query = '';
    this.copied = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    // A TAN shared earlier stays on screen until it expires: the guest may switch tabs while on the phone.
    this.result = await guestStore.sharedTan(Date.now());
    try {
      this.offices = await loadOffices();
      this.chosen = searchOffices(this.offices, '', this.homePostcode).find((choice) =>
        choice.office.postcodes.includes(this.homePostcode ?? ''),
      );
    } catch (error) {
      this.action.error = describeError(error, this.i18n.messages.errors);
    }
  }

  private async share(): Promise<void> {
    const chosen = this.chosen;
    if (!chosen) return;
    await this.action.run(async () => {
      // A booking the venue's website cancelled is no visit: forget it before sharing.
      await dropCancelledBookings();
      const shared = await shareHistory(chosen, await guestStore.stays());
      this.result = { ...shared, officeName: chosen.office.name };
      await guestStore.saveSharedTan(this.result);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-testid="tan"]')?.focus();
    });
  }

  private async copy(tan: string): Promise<void> {
    // The Clipboard API exists only in secure contexts, whatever the DOM types say.
    const clipboard = navigator.clipboard as Clipboard | undefined;
    await clipboard?.writeText(formatTan(tan));
    this.copied = true;
  }

  private async shareAgain(): Promise<void> {
    await guestStore.forgetSharedTan();
    this.result = undefined;
    this.copied = false;
  }

  private renderResult(result: SharedTan) {
    const until = venueTime(result.expiresAt, this.uiLang, 'weekdayDayTime');
    return html`<section aria-live="polite">
      <h3>${this.i18n.messages.tanTitle}</h3>
      <p>${this.i18n.messages.tanFor(result.visits, result.officeName)}</p>
      <p>${this.i18n.messages.tanHint}</p>
      <p class="tan" data-testid="tan" tabindex="-1" aria-label=${Array.from(result.tan).join(' ')}>${formatTan(result.tan)}</p>
      <p>${this.i18n.messages.tanExpires(until)}</p>
      <p class="actions">
        <button class="secondary" @click=${() => this.copy(result.tan)}>${this.copied ? this.i18n.messages.copied : this.i18n.messages.copy}</button>
        <button class="secondary" @click=${() => void this.shareAgain()}>${this.i18n.messages.shareAgain}</button>
      </p>
    </section>`;
  }

  private get uiLang(): Lang {
    return this.i18n.lang;
  }

  override render() {
    if (this.result) return html`<h2>${this.i18n.messages.shareTitle}</h2>${this.renderResult(this.result)}`;
    const matches = this.offices ? searchOffices(this.offices, this.query, this.homePostcode) : [];
    const count = visitsOf(this.stays).length;
    return html`<h2>${this.i18n.messages.shareTitle}</h2>
      <p>${this.i18n.messages.shareIntro}</p>
      ${this.action.error ? html`<p role="alert" class="error">${this.action.error}</p>` : nothing}
      <label class="search"
        >${this.i18n.messages.officeSearch}
        <input type="search" .value=${this.query} @input=${(event: Event) => (this.query = (event.target as HTMLInputElement).value)} />
      </label>
      ${
        this.offices === undefined
          ? html`<p aria-busy="true">…</p>`
          : matches.length === 0
            ? html`<p>${this.i18n.messages.officeNone}</p>`
            : html`<fieldset>
              <legend class="muted">${this.i18n.messages.officeSearch}</legend>
              ${matches.map(
                (choice) => html`<label>
                  <input type="radio" name="office" .checked=${choice === this.chosen} @change=${() => (this.chosen = choice)} />
                  <span>${choice.office.name}${choice.office.postcodes.includes(this.homePostcode ?? '') ? html` <small class="muted">(${this.i18n.messages.officeYours})</small>` : nothing}</span>
                </label>`,
              )}
            </fieldset>`
      }
      ${count === 0 ? html`<p class="muted">${this.i18n.messages.shareEmpty}</p>` : nothing}
      <button ?disabled=${!this.chosen || this.action.busy} @click=${this.share}>
        ${this.action.busy ? this.i18n.messages.sharing : this.i18n.messages.shareVisits(count, this.chosen?.office.name ?? '…')}
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-share-history': LucaShareHistory;
  }
}
