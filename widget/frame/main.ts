/**
 * The frame page's entry: reads the host's attributes (the venue from the query string, the rest
 * from the fragment, which never reaches the server), picks the language, and starts the form;
 * a wrong embedding is explained on the page and reported to the host as an error.
 */
import { AttributeError, type FrameParams, parseFrameParams } from '../../protocol/widget.ts';
import { langFrom } from '../../client/i18n.ts';
import { LucaContactForm } from '../../client/luca-contact-form.ts';
import { HostConnection, reportHeight } from './host-connection.ts';
import { LucaPartyFields } from './luca-party-fields.ts';
import { LucaWidgetFrame } from './luca-widget-frame.ts';
import { frameMessages } from './messages.ts';

for (const [tag, element] of [
  ['luca-contact-form', LucaContactForm],
  ['luca-party-fields', LucaPartyFields],
  ['luca-widget-frame', LucaWidgetFrame],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

function currentParams(): URLSearchParams {
  const merged = new URLSearchParams(location.hash.slice(1));
  merged.set('venue', new URLSearchParams(location.search).get('venue') ?? '');
  return merged;
}

const host = new HostConnection((message) => frame?.onHostMessage(message));
reportHeight(host);
let frame: LucaWidgetFrame | undefined;

function start(): void {
  // No storage in the frame: the attribute, else the browser's language. It may change while the
  // frame is open (the kiosk's language switch): the form then speaks it, keeping what was typed.
  const lang = langFrom(currentParams().get('lang'));
  document.documentElement.lang = lang;
  const messages = frameMessages[lang];
  let params: FrameParams;
  try {
    params = { ...parseFrameParams(currentParams()), lang };
  } catch (error) {
    const problem = document.createElement('p');
    problem.setAttribute('role', 'alert');
    // A booking that is over, or not open yet, is the guest's to know; anything else is the site's setup.
    const code = error instanceof AttributeError ? error.problem.code : 'bad_attributes';
    problem.textContent = code === 'slot_past' ? messages.slotPast : code === 'slot_too_far' ? messages.slotTooFar : messages.badSetup;
    frame?.remove();
    frame = undefined;
    document.body.replaceChildren(problem);
    host.authorize('any');
    // The host page's developer gets the code and the technical reason.
    host.send({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (frame) {
    // New booking details or language from the host (only the fragment changed): same venue, same
    // connection, and a fresh, empty form if the booking changed.
    frame.resetFor(params);
    return;
  }
  frame = document.createElement('luca-widget-frame');
  frame.params = params;
  frame.host = host;
  document.body.replaceChildren(frame);
}

start();
window.addEventListener('hashchange', start);
