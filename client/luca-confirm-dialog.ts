import { LitElement, css, html } from 'lit';
import { emit } from './emit.ts';
import { theme } from './theme.ts';

export interface ConfirmOptions {
  title: string;
  /** What will happen, said plainly: what is released, deleted or closed, and whether it can be undone. */
  body: string;
  confirm: string;
  cancel: string;
  /** The confirming button in the danger colour (deleting, releasing contact data). */
  danger?: boolean;
}

/**
 * A modal question before an act that cannot be undone (releasing a guest list, closing a case,
 * deleting all data): the browser's own modal <dialog>, so focus stays inside it, Escape
 * cancels, and the focus returns to where it was. Focus starts on "cancel": Enter alone never
 * confirms.
 *
 * @fires luca-confirm-answer - detail: { confirmed } once, when the person answers
 */
export class LucaConfirmDialog extends LitElement {
  static override properties = { options: { attribute: false } };

  static override styles = [
    theme,
    css`
      dialog {
        max-width: min(32rem, calc(100vw - 2rem));
        border: none;
        border-radius: var(--luca-radius);
        padding: 1.25rem;
        color: var(--luca-ink);
        background: var(--luca-paper);
        box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.35);
      }
      dialog::backdrop {
        background: rgb(20 33 61 / 0.55);
      }
      h2 {
        margin-top: 0;
        font-size: 1.3rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 0.5rem;
      }
      button.danger {
        background: var(--luca-danger);
        border-color: var(--luca-danger);
      }
    `,
  ];

  declare options: ConfirmOptions;
  private answered = false;

  protected override firstUpdated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    dialog?.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('button.secondary')?.focus();
  }

  private answer(confirmed: boolean): void {
    if (this.answered) return;
    this.answered = true;
    this.renderRoot.querySelector('dialog')?.close();
    emit(this, 'luca-confirm-answer', { confirmed });
  }

  override render() {
    const { title, body, confirm, cancel, danger } = this.options;
    return html`<dialog aria-labelledby="title" aria-describedby="body" @cancel=${() => this.answer(false)} @close=${() => this.answer(false)}>
      <h2 id="title">${title}</h2>
      <p id="body">${body}</p>
      <div class="actions">
        <button type="button" class="secondary" @click=${() => this.answer(false)}>${cancel}</button>
        <button type="button" class=${danger ? 'danger' : ''} data-testid="confirm" @click=${() => this.answer(true)}>${confirm}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-confirm-answer': CustomEvent<{ confirmed: boolean }>;
  }
  interface HTMLElementTagNameMap {
    'luca-confirm-dialog': LucaConfirmDialog;
  }
}
