import { describeError } from '../../client/error-text.ts';
import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { ActionState } from '../../client/action-state.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { ProtocolError } from '../../protocol/bytes.ts';
import { KitOfOtherVenueError, type RecoveryKit } from '../../protocol/recovery-kit.ts';
import { qrSvg } from '../../client/qr-svg.ts';
import { formFields, theme } from '../../client/theme.ts';
import { venueMessages } from './messages.ts';
import type { Account, OwnVenue } from './venue-api.ts';
import { kitFileName, restoreFromKit } from './venue-service.ts';
import { venueDay } from './venue-time.ts';

/** About 9 cm on the printed page. */
const KIT_QR_PX = 340;

/**
 * The recovery kit step (trust model 14): download the passphrase-wrapped key file, print a page
 * with the same kit as a QR code, and prove the recovery by restoring it once (which activates a
 * draft venue). The same element restores the key on a new device.
 *
 * @fires luca-venue-restored - the key is on this device; detail: { venue }
 */
export class LucaRecoveryKit extends LitElement {
  static override properties = {
    venue: { attribute: false },
    account: { attribute: false },
    kit: { attribute: false },
    kitQr: { state: true },
    fieldErrors: { state: true },
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
      .field {
        display: grid;
        gap: 0.25rem;
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

  private readonly i18n = new Localized(this, venueMessages);
  private readonly action = new ActionState(this, (error) => describeError(error, this.i18n.messages.errors));
  declare venue: OwnVenue;
  declare account: Account;
  declare kit: RecoveryKit | undefined;
  declare kitQr: string | undefined;
  declare fieldErrors: Partial<Record<'kit' | 'passphrase', string>>;

  constructor() {
    super();
    this.fieldErrors = {};
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('kit') && this.kit) void this.drawKitQr(this.kit);
  }

  private async drawKitQr(kit: RecoveryKit): Promise<void> {
    this.kitQr = await qrSvg(JSON.stringify(kit), KIT_QR_PX, 'L');
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
    const passphrase = formText(form, 'passphrase');
    this.action.error = '';
    this.fieldErrors = {};
    const noFile = !(file instanceof File) || file.size === 0;
    if (noFile || passphrase === '') {
      this.fieldErrors = {
        ...(noFile ? { kit: this.i18n.messages.kitFileMissing } : {}),
        ...(passphrase === '' ? { passphrase: this.i18n.messages.restorePassphraseMissing } : {}),
      };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>(noFile ? '#kit-file' : '#kit-passphrase')?.focus();
      return;
    }
    if (!(file instanceof File) || file.size > 20_000) {
      this.action.error = this.i18n.messages.badKit;
      return;
    }
    await this.action.run(
      async () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await file.text());
        } catch {
          throw new ProtocolError('bad_payload', 'not JSON');
        }
        const venue = await restoreFromKit(this.venue, parsed, passphrase, this.account);
        emit(this, 'luca-venue-restored', { venue });
      },
      (error) => (error instanceof ProtocolError ? this.kitProblem(error) : describeError(error, this.i18n.messages.errors)),
    );
  }

  private kitProblem(error: ProtocolError): string {
    if (error.code === 'decryption_failed') return this.i18n.messages.wrongPassphrase;
    // Another id under the same name: a kit of the keys this draft had before new ones gave it a new id.
    if (error instanceof KitOfOtherVenueError)
      return error.kitVenueName === this.venue.card.name
        ? this.i18n.messages.keysOutdated
        : this.i18n.messages.kitOfOtherVenue(error.kitVenueName);
    // The file opened, but its keys are not the card's: a kit of keys replaced since.
    if (error.code === 'bad_key') return this.i18n.messages.keysOutdated;
    return this.i18n.messages.badKit;
  }

  private field(id: string, name: 'kit' | 'passphrase', label: string, input: ReturnType<typeof html>) {
    const error = this.fieldErrors[name];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${input}
      ${error ? html`<span class="error" id="${id}-error">${error}</span>` : nothing}
    </div>`;
  }

  override render() {
    const kit = this.kit;
    return html`<div class="screen">
        ${
          kit
            ? html`<h2>${this.i18n.messages.kitTitle}</h2>
              <p>${this.venue.status === 'draft' ? this.i18n.messages.kitIntro : this.i18n.messages.kitIntroLive}</p>
              <div class="actions">
                <button @click=${() => this.download(kit)}>${this.i18n.messages.downloadKit}</button>
                <button class="secondary" @click=${() => window.print()}>${this.i18n.messages.printKit}</button>
              </div>`
            : nothing
        }
        <h2>${this.i18n.messages.restoreTitle}</h2>
        <p>${this.i18n.messages.restoreIntro}</p>
        <form novalidate @submit=${this.restore}>
          ${this.field(
            'kit-file',
            'kit',
            this.i18n.messages.kitFile,
            html`<input id="kit-file" type="file" name="kit" accept="application/json,.json" aria-required="true" aria-invalid=${this.fieldErrors.kit ? 'true' : 'false'} aria-describedby=${this.fieldErrors.kit ? 'kit-file-error' : nothing} />`,
          )}
          ${this.field(
            'kit-passphrase',
            'passphrase',
            this.i18n.messages.passphrase,
            html`<input id="kit-passphrase" type="password" name="passphrase" autocomplete="current-password" aria-required="true" aria-invalid=${this.fieldErrors.passphrase ? 'true' : 'false'} aria-describedby=${this.fieldErrors.passphrase ? 'kit-passphrase-error' : nothing} />`,
          )}
          ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
          <button type="submit" ?disabled=${this.action.busy}>${this.action.busy ? this.i18n.messages.restoring : this.i18n.messages.restore}</button>
        </form>
      </div>
      ${
        kit && this.kitQr
          ? html`<section class="print" data-testid="kit-print">
            <h1>${this.i18n.messages.kitPrintTitle(kit.venueName)}</h1>
            <p>${this.i18n.messages.kitPrintHint}</p>
            ${unsafeHTML(this.kitQr)}
            <p><small>${kit.venueId} · ${venueDay(kit.createdAt)}</small></p>
          </section>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-venue-restored': CustomEvent<{ venue: OwnVenue }>;
  }
  interface HTMLElementTagNameMap {
    'luca-recovery-kit': LucaRecoveryKit;
  }
}
