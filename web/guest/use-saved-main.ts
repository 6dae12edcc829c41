/** Entry of the "use my saved luca data" popup (web/widget/use-saved.html). */
import { parseFrameParams } from '../../protocol/widget.ts';
import { LucaUseSaved } from './luca-use-saved.ts';
import { useSavedMessages } from './use-saved-messages.ts';

if (!customElements.get('luca-use-saved')) customElements.define('luca-use-saved', LucaUseSaved);

const search = new URLSearchParams(location.hash.slice(1));
const lang = search.get('lang') === 'en' ? 'en' : search.get('lang') === 'de' ? 'de' : navigator.language.toLowerCase().startsWith('en') ? 'en' : 'de';
document.documentElement.lang = lang;
try {
  const params = parseFrameParams(search);
  if (!params.window) throw new Error('no window to register for');
  const popup = document.createElement('luca-use-saved');
  popup.params = { ...params, window: params.window };
  popup.messages = useSavedMessages[lang];
  document.body.append(popup);
} catch (error) {
  const problem = document.createElement('p');
  problem.setAttribute('role', 'alert');
  problem.textContent = error instanceof Error ? error.message : String(error);
  document.body.append(problem);
}
