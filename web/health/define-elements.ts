/**
 * Registers the health-office app's elements (the classes have no side effects; this module
 * tolerates reloading) and its own service worker, scoped to /health/ only. Nothing of the guest
 * or venue apps is imported here: the health bundle is built on its own (vite --mode health).
 */
import { LucaLangSwitch } from '../../client/luca-lang-switch.ts';
import { registerServiceWorker } from '../../client/service-worker.ts';
import './define-timeline.ts';
import { LucaAuditLog } from './luca-audit-log.ts';
import { LucaCaseIntake } from './luca-case-intake.ts';
import { LucaCaseView } from './luca-case-view.ts';
import { LucaHealthApp } from './luca-health-app.ts';
import { LucaOfficeStaff } from './luca-office-staff.ts';
import { LucaOtherRequest } from './luca-other-request.ts';
import { LucaWarnVisits } from './luca-warn-visits.ts';

const elements: [string, CustomElementConstructor][] = [
  ['luca-lang-switch', LucaLangSwitch],
  ['luca-case-intake', LucaCaseIntake],
  ['luca-case-view', LucaCaseView],
  ['luca-other-request', LucaOtherRequest],
  ['luca-warn-visits', LucaWarnVisits],
  ['luca-office-staff', LucaOfficeStaff],
  ['luca-audit-log', LucaAuditLog],
  ['luca-health-app', LucaHealthApp],
];

for (const [tag, element] of elements) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

// A new version takes over when every /health/ tab is closed: never under an open case.
registerServiceWorker(() => undefined, '/health/sw.js', '/health/');
