/**
 * The widget loader's entry (/widget/luca-checkin.js): registers <luca-checkin>, tolerating the
 * script being included twice (the same page may paste the snippet more than once, or load it
 * from two URLs, each with its own copy of the class), and offers `lucaCheckin.cancel(token)` to
 * pages that cancel a registration without a form on the page. Built as a classic script that
 * also runs when loaded as a module (vite.config.ts, widget-loader).
 */
import { loaderOrigin } from './app-origin.ts';
import { CANCEL_TIMEOUT_MS, LucaCheckinError, cancelRegistration } from './cancel-registration.ts';
import { LucaCheckin } from './luca-checkin.ts';

import type { LucaCheckinElement } from './package/index.d.ts';

if (!customElements.get('luca-checkin')) customElements.define('luca-checkin', LucaCheckin);

/** The element is what the published types (widget/package/index.d.ts) promise: this does not compile otherwise. */
export const conformsToPublishedTypes: (element: LucaCheckin) => LucaCheckinElement = (element) => element;

const origin = loaderOrigin();

window.lucaCheckin ??= {
  cancel: (token, options) => cancelRegistration(origin, token, options?.timeoutMs ?? CANCEL_TIMEOUT_MS),
  LucaCheckinError,
};
