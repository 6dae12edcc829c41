import { describeError } from '../shared/error-text.ts';
import { LitElement, css, html, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { ProtocolError } from '../../protocol/bytes.ts';
import type { RecoveryKit } from '../../protocol/recovery-kit.ts';
import { qrSvg } from '../shared/qr-svg.ts';
import { formFields, theme } from '../shared/theme.ts';

/** About 9 cm on the printed page. */
const KIT_QR_PX = 340;
import type { VenueMessages } from './messages.ts';
import type { Account, OwnVenue } from './venue-api.ts';
import { kitFileName, restoreFromKit } from './venue-service.ts';

/**
 * The recovery kit step (trust model 14): download the passphrase-wrapped key file, print a page
 * with the same kit as a QR code, and prove the recovery by restoring it once (which activates a
 * draft venue). The same element restores the key on a new device.
 *
 * @fires luca-venue-restored - the key is on this device; detail: { venue }
 */
export class LucaRecoveryKit extends LitElement {
  static override properties = {
    messages: { attribute: false },
    venue: { attribute: false },
    account: { attribute: false },
    kit: { attribute: false },
    kitQr: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      .actions {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
        margin: 0.75rem 0;
      }
      form {
        display: grid;
        gap: 0.6rem;
      }
      .print {
        display: none;
      }
      @media print {
        .screen {
          display: none;
        }
        .print {
          display: block;
        }
      }
    `,
  ];

  declare messages: VenueMessages;
  declare venue: OwnVenue;
  declare account: Account;
  declare kit: RecoveryKit | undefined;
  declare kitQr: string | undefined;
  declare busy: boolean;
  declare error: string | undefined;

  constructor() {
    super();
    this.busy = false;
  }

  override async updated(changed: Map<string, unknown>): Promise<void> {
    if (changed.has('kit') && this.kit) this.kitQr = await qrSvg(JSON.stringify(this.kit), KIT_QR_PX, 'L');
  }

  private download(kit: RecoveryKit): void {
    const url = URL.createObjectURL(new Blob([JSON.stringify(kit, null, 1)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = kitFileName(kit);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async restore(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const file = form.get('kit');
    const passphrase = String(form.get('passphrase') ?? '');
    this.error = undefined;
    if (!(file instanceof File) || file.size === 0 || file.size > 20_000) {
      this.error = this.messages.badKit;
      return;
    }
    this.busy = true;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new ProtocolError('bad_payload', 'not JSON');
      }
      const venue = await restoreFromKit(this.venue, parsed, passphrase, this.account);
      this.dispatchEvent(new CustomEvent('luca-venue-restored', { detail: { venue }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = error instanceof ProtocolError ? (error.code === 'decryption_failed' ? this.messages.wrongPassphrase : this.messages.badKit) : describeError(error, this.messages.errors);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const kit = this.kit;
    return html`<div class="screen">
        ${kit
          ? html`<h2>${this.messages.kitTitle}</h2>
              <p>${this.messages.kitIntro}</p>
              <div class="actions">
                <button @click=${() => this.download(kit)}>${this.messages.downloadKit}</button>
                <button class="secondary" @click=${() => window.print()}>${this.messages.printKit}</button>
              </div>`
          : nothing}
        <h2>${this.messages.restoreTitle}</h2>
        <p>${this.messages.restoreIntro}</p>
        <form @submit=${this.restore}>
          <label>${this.messages.kitFile}<input type="file" name="kit" accept="application/json,.json" required /></label>
          <label>${this.messages.passphrase}<input type="password" name="passphrase" autocomplete="current-password" required /></label>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
          <button type="submit" ?disabled=${this.busy}>${this.busy ? this.messages.restoring : this.messages.restore}</button>
        </form>
      </div>
      ${kit && this.kitQr
        ? html`<section class="print" data-testid="kit-print">
            <h1>${this.messages.kitPrintTitle(kit.venueName)}</h1>
            <p>${this.messages.kitPrintHint}</p>
            ${unsafeHTML(this.kitQr)}
            <p><small>${kit.venueId} · ${new Date(kit.createdAt).toISOString().slice(0, 10)}</small></p>
          </section>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-recovery-kit': LucaRecoveryKit;
  }
}
