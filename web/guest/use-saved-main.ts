/** Entry of the "use my saved luca data" popup (web/widget/use-saved.html). */
import { parseFrameParams } from '../../protocol/widget.ts';
import { langFrom } from '../../client/i18n.ts';
import { LucaContactForm } from '../../client/luca-contact-form.ts';
import { LucaUseSaved } from './luca-use-saved.ts';
import { useSavedMessages } from './use-saved-messages.ts';

for (const [tag, element] of [
  ['luca-contact-form', LucaContactForm],
  ['luca-use-saved', LucaUseSaved],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

const search = new URLSearchParams(location.hash.slice(1));
const lang = langFrom(search.get('lang'));
document.documentElement.lang = lang;
/**
 * Only the widget's frame may open this popup: its opener must be a page of this origin that is
 * itself embedded (a frame, not a page someone opened directly). A page of another website that
 * opens this address gets nothing done here.
 */
function openedByWidgetFrame(): boolean {
  const opener = window.opener as Window | null;
  if (!opener) return false;
  try {
    return opener.location.origin === location.origin && opener.parent !== opener;
  } catch {
    return false; // another origin: its location cannot even be read
  }
}

function showProblem(text: string): void {
  const problem = document.createElement('p');
  problem.setAttribute('role', 'alert');
  problem.textContent = text;
  document.body.append(problem);
}

const messages = useSavedMessages[lang];
const nonce = search.get('nonce');
let params: ReturnType<typeof parseFrameParams> | undefined;
try {
  params = parseFrameParams(search);
} catch {
  params = undefined;
}
if (!nonce || !openedByWidgetFrame()) showProblem(messages.onlyFromWidget);
else if (!params?.window) showProblem(messages.badParameters);
else {
  const popup = document.createElement('luca-use-saved');
  popup.params = { ...params, window: params.window };
  popup.nonce = nonce;
  document.body.append(popup);
}
