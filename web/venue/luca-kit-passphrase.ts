import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { Localized } from '../../client/locale.ts';
import { theme } from '../../client/theme.ts';
import type { KitPassphrase } from '../../protocol/kit-passphrase.ts';
import { venueMessages } from './messages.ts';

/**
 * The drawn passphrase of a recovery kit, shown the one time it is shown (trust model 16): its
 * words numbered, large and in a monospace font, so that copying them by hand is easy, and a
 * button that copies them. The words are a live region: a screen reader reads them when they
 * arrive (the word list loads first). Nothing here keeps the passphrase; the key form holds it.
 */
export class LucaKitPassphrase extends LitElement {
  static override properties = {
    passphrase: { attribute: false },
    copied: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .words {
        min-height: 5rem;
        border: 2px solid var(--luca-accent);
        border-radius: var(--luca-radius);
        padding: 0.75rem 1rem;
      }
      ol {
        margin: 0;
        padding: 0 0 0 2rem;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12ch, 1fr));
        gap: 0.25rem 2rem;
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        font-size: 1.6rem;
        font-weight: 600;
        letter-spacing: 0.03em;
      }
      ol:focus-visible {
        outline-offset: 0.5rem;
      }
      li::marker {
        color: var(--luca-muted);
        font-size: 1rem;
        font-weight: 400;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
        margin: 0.75rem 0 0;
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  private readonly copying = new ActionState(this, () => this.i18n.messages.copyPassphraseFailed);
  declare passphrase: KitPassphrase | undefined;
  declare copied: boolean;

  constructor() {
    super();
    this.copied = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('passphrase')) this.copied = false;
  }

  /** Focus on the words, so that "show again" lands where a screen reader reads them. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('ol')?.focus();
  }

  private async copy(passphrase: KitPassphrase): Promise<void> {
    this.copied = false;
    this.copied = await this.copying.run(() => navigator.clipboard.writeText(passphrase));
    // No clipboard permission: the words stay selected for the keyboard's copy.
    const list = this.renderRoot.querySelector('ol');
    if (!this.copied && list) getSelection()?.selectAllChildren(list);
  }

  override render() {
    const m = this.i18n.messages;
    const passphrase = this.passphrase;
    return html`<div class="words" aria-live="polite" aria-busy=${passphrase ? 'false' : 'true'}>
        ${
          passphrase
            ? html`<ol data-testid="kit-passphrase" tabindex="-1" lang="en" aria-label=${m.kitPassphraseWords}>
              ${passphrase.split(' ').map((word) => html`<li>${word}</li>`)}
            </ol>`
            : html`<p>…</p>`
        }
      </div>
      <p class="actions">
        <button class="secondary" type="button" ?disabled=${!passphrase || this.copying.busy} @click=${() => passphrase && this.copy(passphrase)}>
          ${m.copyPassphrase}
        </button>
        ${this.copied ? html`<span role="status">${m.copied}</span>` : nothing}
        ${this.copying.error ? html`<span class="error" role="alert">${this.copying.error}</span>` : nothing}
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-kit-passphrase': LucaKitPassphrase;
  }
}
