/**
 * Warning the guests of a case's visits (trust model 19): the employee's browser signs each
 * warning with the employee's certified key and its `warning_sent` audit entry, and sends both;
 * a withdrawal likewise. Texts come from the office's template (GET /api/office/warning-texts) or
 * the defaults below, edited per warning.
 */
import { call } from '../../client/api.ts';
import { type WarningTexts, officeWarningRoutes } from '../../protocol/api/office-warnings.ts';
import { formatAuditDetail } from '../../protocol/audit-detail.ts';
import type { CaseVisit } from '../../protocol/case-visit.ts';
import { newId } from '../../protocol/ids.ts';
import { type Advice, type OfficeContact, type WarningLevel, signWarning, signWithdrawal } from '../../protocol/warning.ts';
import { type UnlockedOffice, KeyringError, auditEntry } from './keyring.ts';

/** Used until an admin saves the office's own (PUT /api/office/warning-texts). */
export const DEFAULT_WARNING_TEXTS: WarningTexts = {
  level1: {
    de: 'Achten Sie 14 Tage lang auf Symptome (Fieber, Husten, Halsschmerzen, Verlust von Geruch oder Geschmack). Wenn Sie Symptome bemerken, bleiben Sie zu Hause und lassen Sie sich testen.',
    en: 'Watch for symptoms for 14 days (fever, cough, sore throat, loss of smell or taste). If you notice any, stay at home and get tested.',
  },
  level2: {
    de: 'Lassen Sie sich bitte in den nächsten Tagen testen und reduzieren Sie Ihre Kontakte, bis Sie ein negatives Ergebnis haben. Meiden Sie Besuche bei Menschen mit erhöhtem Risiko.',
    en: 'Please get tested in the next few days and reduce your contacts until you have a negative result. Avoid visiting people at higher risk.',
  },
  contact: { phone: '030 9018 0', hours: 'Mo–Fr 8–16 Uhr' },
};

export async function loadWarningTexts(): Promise<WarningTexts> {
  return (await call(officeWarningRoutes.texts, {})).texts ?? DEFAULT_WARNING_TEXTS;
}

export async function saveWarningTexts(texts: WarningTexts): Promise<void> {
  await call(officeWarningRoutes.saveTexts, { body: texts });
}

export function caseWarnings(caseId: string) {
  return call(officeWarningRoutes.list, { params: { caseId } });
}

export interface WarningInput {
  visit: CaseVisit;
  /** Minutes added before the index case's arrival and after the departure. */
  marginMinutes: number;
  level: WarningLevel;
  advice: Advice;
  contact: OfficeContact;
}

/** The warned window: the index case's stay widened by the margin, ending no later than now (a window may not reach into the future). */
export function warningWindow(visit: CaseVisit, marginMinutes: number, now: number): { from: number; to: number } {
  const margin = marginMinutes * 60_000;
  return { from: visit.from - margin, to: Math.min(visit.to + margin, Math.max(now, visit.to)) };
}

/** Signs and sends one warning with its audit entry. Returns its id. */
export async function sendWarning(office: UnlockedOffice, caseId: string, input: WarningInput): Promise<string> {
  const certificate = office.me.staff.certificate;
  if (!certificate) throw new KeyringError('no_certificate');
  const now = Date.now();
  const window = warningWindow(input.visit, input.marginMinutes, now);
  const warning = await signWarning(office.device.signing.privateKey, certificate, {
    warningId: newId(),
    caseId,
    venueId: input.visit.venueId,
    from: window.from,
    to: window.to,
    level: input.level,
    advice: input.advice,
    contact: input.contact,
    createdAt: now,
  });
  const audit = await auditEntry(office, {
    kind: 'warning_sent',
    caseId,
    venueId: warning.venueId,
    requestId: warning.warningId,
    detail: formatAuditDetail({ kind: 'warning_sent', level: warning.level, from: warning.from, to: warning.to }),
  });
  await call(officeWarningRoutes.send, { params: { caseId }, body: { warning, audit } });
  return warning.warningId;
}

export async function withdrawWarning(office: UnlockedOffice, caseId: string, warningId: string, venueId: string): Promise<void> {
  const certificate = office.me.staff.certificate;
  if (!certificate) throw new KeyringError('no_certificate');
  const withdrawal = await signWithdrawal(office.device.signing.privateKey, certificate, { warningId, venueId, withdrawnAt: Date.now() });
  const audit = await auditEntry(office, { kind: 'warning_withdrawn', caseId, venueId, requestId: warningId });
  await call(officeWarningRoutes.withdraw, { params: { caseId, warningId }, body: { withdrawal, audit } });
}
