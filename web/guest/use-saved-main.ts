/** Entry of the "use my saved luca data" popup (web/widget/use-saved.html). */
import { parseFrameParams } from '../../protocol/widget.ts';
import { langFrom } from '../shared/i18n.ts';
import { LucaUseSaved } from './luca-use-saved.ts';
import { useSavedMessages } from './use-saved-messages.ts';
import { errorText } from '../shared/error-text.ts';

if (!customElements.get('luca-use-saved')) customElements.define('luca-use-saved', LucaUseSaved);

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

try {
  const params = parseFrameParams(search);
  const nonce = search.get('nonce');
  if (!params.window) throw new Error('no window to register for');
  if (!nonce || !openedByWidgetFrame()) throw new Error(lang === 'en' ? 'This page can only be opened from the luca form on a venue’s website.' : 'Diese Seite lässt sich nur aus dem luca-Formular auf der Website eines Betriebs öffnen.');
  const popup = document.createElement('luca-use-saved');
  popup.params = { ...params, window: params.window };
  popup.nonce = nonce;
  popup.messages = useSavedMessages[lang];
  document.body.append(popup);
} catch (error) {
  const problem = document.createElement('p');
  problem.setAttribute('role', 'alert');
  problem.textContent = errorText(error);
  document.body.append(problem);
}
