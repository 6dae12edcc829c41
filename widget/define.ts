/**
 * The widget loader's entry (/widget/luca-checkin.js): registers <luca-checkin>, tolerating the
 * script being included twice (the same page may paste the snippet more than once, or load it
 * from two URLs, each with its own copy of the class).
 */
import { LucaCheckin } from './luca-checkin.ts';

if (!customElements.get('luca-checkin')) customElements.define('luca-checkin', LucaCheckin);

export { LucaCheckin };
