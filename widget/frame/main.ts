/**
 * The frame page's entry: reads the host's attributes from the query string, picks the language,
 * and starts the form; a wrong embedding is explained on the page for the site's developer.
 */
import { parseFrameParams } from '../../protocol/widget.ts';
import { LucaContactForm } from '../../web/shared/luca-contact-form.ts';
import { LucaWidgetFrame } from './luca-widget-frame.ts';
import { frameMessages } from './messages.ts';

for (const [tag, element] of [
  ['luca-contact-form', LucaContactForm],
  ['luca-widget-frame', LucaWidgetFrame],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

const search = new URLSearchParams(location.search);
const requested = search.get('lang');
const lang = requested === 'en' || requested === 'de' ? requested : navigator.language.toLowerCase().startsWith('en') ? 'en' : 'de';
document.documentElement.lang = lang;
const messages = frameMessages[lang];

try {
  const frame = document.createElement('luca-widget-frame');
  frame.params = { ...parseFrameParams(search), lang };
  frame.messages = messages;
  document.body.append(frame);
} catch (error) {
  const problem = document.createElement('p');
  problem.setAttribute('role', 'alert');
  problem.textContent = `${messages.badSetup} ${error instanceof Error ? error.message : String(error)}`;
  document.body.append(problem);
}
