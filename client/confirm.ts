/**
 * Asks before an act that cannot be undone, in a modal dialog (client/luca-confirm-dialog.ts)
 * attached to the page for as long as the question is open. Registers the element on first use
 * (tolerating a second registration), so any app can ask without wiring it up.
 */
import { type ConfirmOptions, LucaConfirmDialog } from './luca-confirm-dialog.ts';

export function confirmAction(options: ConfirmOptions): Promise<boolean> {
  if (!customElements.get('luca-confirm-dialog')) customElements.define('luca-confirm-dialog', LucaConfirmDialog);
  const dialog = document.createElement('luca-confirm-dialog');
  dialog.options = options;
  return new Promise((resolve) => {
    dialog.addEventListener(
      'luca-confirm-answer',
      (event) => {
        dialog.remove();
        resolve((event as CustomEvent<{ confirmed: boolean }>).detail.confirmed);
      },
      { once: true },
    );
    document.body.append(dialog);
  });
}
