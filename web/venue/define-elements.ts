/** Registers the venue app's elements; the classes have no side effects, this module tolerates reloading. */
import { LucaCheckin } from '../../widget/luca-checkin.ts';
import { LucaLangSwitch } from '../../client/luca-lang-switch.ts';
import { LucaKeyForm } from './luca-key-form.ts';
import { LucaKitPassphrase } from './luca-kit-passphrase.ts';
import { LucaKioskCode } from './luca-kiosk-code.ts';
import { LucaKioskScreen } from './luca-kiosk-screen.ts';
import { LucaPosterSheet } from './luca-poster-sheet.ts';
import { LucaRecoveryKit } from './luca-recovery-kit.ts';
import { LucaRequestInbox } from './luca-request-inbox.ts';
import { LucaVenueWarnings } from './luca-venue-warnings.ts';
import { LucaVenueApp } from './luca-venue-app.ts';
import { LucaVenueDetail } from './luca-venue-detail.ts';
import { LucaVenueEditor } from './luca-venue-editor.ts';
import { LucaVenueTakeover } from './luca-venue-takeover.ts';
import { LucaWidgetSnippet } from './luca-widget-snippet.ts';

const elements: [string, CustomElementConstructor][] = [
  ['luca-lang-switch', LucaLangSwitch],
  ['luca-venue-editor', LucaVenueEditor],
  ['luca-kit-passphrase', LucaKitPassphrase],
  ['luca-key-form', LucaKeyForm],
  ['luca-recovery-kit', LucaRecoveryKit],
  ['luca-poster-sheet', LucaPosterSheet],
  ['luca-checkin', LucaCheckin],
  ['luca-kiosk-code', LucaKioskCode],
  ['luca-kiosk-screen', LucaKioskScreen],
  ['luca-venue-takeover', LucaVenueTakeover],
  ['luca-widget-snippet', LucaWidgetSnippet],
  ['luca-venue-detail', LucaVenueDetail],
  ['luca-request-inbox', LucaRequestInbox],
  ['luca-venue-warnings', LucaVenueWarnings],
  ['luca-venue-app', LucaVenueApp],
];

for (const [tag, element] of elements) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
