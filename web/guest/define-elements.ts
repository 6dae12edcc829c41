/**
 * Registers the guest app's elements. Kept apart from the element classes (which have no side
 * effects) and tolerant of being loaded twice.
 */
import { LucaLangSwitch } from '../../client/luca-lang-switch.ts';
import { LucaContactForm } from '../../client/luca-contact-form.ts';
import { LucaCurrentStay } from './luca-current-stay.ts';
import { LucaExposureWarning } from './luca-exposure-warning.ts';
import { LucaGuestApp } from './luca-guest-app.ts';
import { LucaManualCheckin } from './luca-manual-checkin.ts';
import { LucaMyData } from './luca-my-data.ts';
import { LucaPeople } from './luca-people.ts';
import { LucaPersonForm } from './luca-person-form.ts';
import { LucaQrScanner } from './luca-qr-scanner.ts';
import { LucaShareHistory } from './luca-share-history.ts';
import { LucaVenueConfirm } from './luca-venue-confirm.ts';
import { LucaVisitHistory } from './luca-visit-history.ts';

const elements: [string, CustomElementConstructor][] = [
  ['luca-lang-switch', LucaLangSwitch],
  ['luca-contact-form', LucaContactForm],
  ['luca-venue-confirm', LucaVenueConfirm],
  ['luca-current-stay', LucaCurrentStay],
  ['luca-qr-scanner', LucaQrScanner],
  ['luca-manual-checkin', LucaManualCheckin],
  ['luca-visit-history', LucaVisitHistory],
  ['luca-share-history', LucaShareHistory],
  ['luca-my-data', LucaMyData],
  ['luca-person-form', LucaPersonForm],
  ['luca-people', LucaPeople],
  ['luca-exposure-warning', LucaExposureWarning],
  ['luca-guest-app', LucaGuestApp],
];

for (const [tag, element] of elements) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
