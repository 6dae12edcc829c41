import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { emit } from '../../client/emit.ts';
import { formText } from '../../client/form-text.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import { type KitPassphrase, type TypedBack, checkTypedBack, drawKitPassphrase } from '../../protocol/kit-passphrase.ts';
import { loadKitWords } from '../../protocol/kit-words.ts';
import { parseClaimCode } from '../../protocol/venue-claim.ts';
import { venueMessages } from './messages.ts';

export interface KeyFormDetail {
  /** The passphrase this form drew and the owner typed back: never one they chose. */
  passphrase: KitPassphrase;
  /** The takeover code as typed (only with `withCode`), checked for its shape. */
  code: string | undefined;
}

type Field = 'code' | 'typedBack';
type Step = 'show' | 'check';

/**
 * The step before a venue's keys are made (or handed over), trust model 16: the app draws the
 * recovery kit's passphrase and shows it once; the owner writes it down and types it back, and
 * only a passphrase typed back right leaves this form. Nobody chooses a passphrase here, so none
 * can be weak. For a takeover the one-time code is asked with the type-back. Rules and refusals
 * are the app's own texts next to the field, in the operator's language (no browser validation
 * bubbles), and the first field in error gets the focus. `errors` may also come from outside
 * (the server refused the code).
 *
 * @fires luca-key-form - the passphrase, typed back right; detail: { passphrase, code }
 */
export class LucaKeyForm extends LitElement {
  static override properties = {
    submitLabel: { type: String },
    busyLabel: { type: String },
    busy: { type: Boolean },
    withCode: { type: Boolean },
    errors: { attribute: false },
    passphrase: { state: true },
    step: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :is(form, section)[hidden] {
        display: none;
      }
      form,
      section {
        display: grid;
        gap: 0.9rem;
        max-width: 36rem;
      }
      h3,
      p {
        margin: 0;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      input[aria-invalid='true'] {
        border-color: var(--luca-danger);
      }
      .error,
      .hint {
        font-weight: 400;
      }
      .hint {
        color: var(--luca-muted);
      }
      .keep {
        border-left: 4px solid var(--luca-accent);
        padding-left: 0.75rem;
      }
      input {
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        letter-spacing: 0.03em;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  private readonly drawing = new ActionState(this, () => this.i18n.messages.passphraseDrawFailed);
  declare submitLabel: string;
  declare busyLabel: string;
  declare busy: boolean;
  declare withCode: boolean;
  declare errors: Partial<Record<Field, string>>;
  /** Drawn when the form appears; kept nowhere else, so a reload draws a new one. */
  declare passphrase: KitPassphrase | undefined;
  declare step: Step;

  constructor() {
    super();
    this.submitLabel = '';
    this.busyLabel = '';
    this.busy = false;
    this.withCode = false;
    this.errors = {};
    this.step = 'show';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.passphrase === undefined && !this.drawing.busy) void this.draw();
  }

  private async draw(): Promise<void> {
    await this.drawing.run(async () => {
      this.passphrase = drawKitPassphrase(await loadKitWords());
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('errors')) {
      const first = (['code', 'typedBack'] as const).find((field) => this.errors[field]);
      if (first) this.renderRoot.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
    }
  }

  /** Moves between the two steps; the focus goes to what the new step is about. */
  private async goTo(step: Step): Promise<void> {
    this.step = step;
    await this.updateComplete;
    if (step === 'check') this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
    else this.renderRoot.querySelector('luca-kit-passphrase')?.focus();
  }

  private typedBackProblem(result: TypedBack): string | undefined {
    const m = this.i18n.messages;
    if (result.ok) return undefined;
    if (result.problem === 'empty') return m.typedBackMissing;
    if (result.problem === 'count') return m.typedBackCount(result.expected, result.typed);
    return m.typedBackWrongWord(result.position);
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const passphrase = this.passphrase;
    if (this.busy || !passphrase) return;
    const form = new FormData(event.target as HTMLFormElement);
    const code = this.withCode ? formText(form, 'code') : undefined;
    const errors: Partial<Record<Field, string>> = {};
    if (code !== undefined) {
      if (code.trim() === '') errors.code = this.i18n.messages.codeMissing;
      else {
        try {
          parseClaimCode(code);
        } catch {
          errors.code = this.i18n.messages.codeMalformed;
        }
      }
    }
    const typedBack = this.typedBackProblem(checkTypedBack(passphrase, formText(form, 'typedBack')));
    if (typedBack) errors.typedBack = typedBack;
    this.errors = errors;
    if (Object.keys(errors).length > 0) return;
    emit(this, 'luca-key-form', { passphrase, code });
  }

  private field(name: Field, label: string, hint: string) {
    const error = this.errors[name];
    const described = [`${name}-hint`, error ? `${name}-error` : ''].filter(Boolean).join(' ');
    // Hint and error are outside the label: they describe the field, they are not its name.
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input
        id=${name}
        name=${name}
        type="text"
        autocomplete="off"
        autocapitalize=${name === 'code' ? 'characters' : 'none'}
        spellcheck="false"
        aria-required="true"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described}
      />
      <span class="hint" id="${name}-hint">${hint}</span>
      ${error ? html`<span class="error" id="${name}-error" data-testid="${name}-error">${error}</span>` : nothing}
    </div>`;
  }

  private renderShow() {
    const m = this.i18n.messages;
    return html`<section aria-labelledby="kit-passphrase-heading" ?hidden=${this.step !== 'show'}>
      <h3 id="kit-passphrase-heading">${m.kitPassphraseHeading}</h3>
      <p>${m.kitPassphraseIntro}</p>
      <luca-kit-passphrase .passphrase=${this.passphrase}></luca-kit-passphrase>
      ${this.drawing.error ? html`<p class="error" role="alert">${this.drawing.error}</p>` : nothing}
      <p class="keep">${m.kitPassphraseKeep}</p>
      <div class="actions">
        <button type="button" ?disabled=${!this.passphrase} @click=${() => this.goTo('check')}>${m.passphraseNoted}</button>
      </div>
    </section>`;
  }

  private renderCheck() {
    const m = this.i18n.messages;
    return html`<form novalidate ?hidden=${this.step !== 'check'} @submit=${this.onSubmit}>
      <h3>${m.typedBackHeading}</h3>
      ${this.withCode ? this.field('code', m.claimCode, m.claimCodeHint) : nothing}
      ${this.field('typedBack', m.typedBack, m.typedBackHint)}
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? this.busyLabel : this.submitLabel}</button>
        <button type="button" class="secondary" @click=${() => this.goTo('show')}>${m.showPassphraseAgain}</button>
      </div>
    </form>`;
  }

  // Both steps stay in the page, one hidden: going back to the words keeps what was typed.
  override render() {
    return html`${this.renderShow()}${this.renderCheck()}`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-key-form': CustomEvent<KeyFormDetail>;
  }
  interface HTMLElementTagNameMap {
    'luca-key-form': LucaKeyForm;
  }
}
