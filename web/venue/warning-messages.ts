/** The texts of the venue's warnings view (luca-venue-warnings.ts), German first. */
import { errorMessages } from '../../client/error-messages.ts';

const de = {
  errors: errorMessages.de,
  title: 'Warnungen an Ihre Gäste',
  intro:
    'Warnt ein Gesundheitsamt die Gäste eines Ihrer Orte in ihrer App, sehen Sie es hier: welcher Zeitraum, welche Stufe, von wem. Jede Warnung ist unterschrieben und wird hier geprüft, wie in den Apps der Gäste.',
  empty: 'Keine Warnungen zu Ihren Orten in den letzten 28 Tagen.',
  loadFailed: 'Die Warnungen konnten nicht geladen werden.',
  venue: 'Ort',
  window: 'Zeitraum',
  level: 'Stufe',
  levelText: (level: number): string =>
    level === 2 ? '2: testen lassen und Kontakte reduzieren' : '1: zur selben Zeit dort – auf Symptome achten',
  office: 'Gesundheitsamt',
  employee: 'Gesendet von',
  sentAt: 'Gesendet',
  verified: 'Signatur geprüft: echt',
  notVerified: (problem: string) => `Signatur NICHT gültig: ${problem} Die Apps der Gäste zeigen diese Warnung nicht.`,
  unreadable: 'Die Warnung ist unvollständig oder beschädigt.',
  auditSigned: 'Im Protokoll des Gesundheitsamts, Signatur geprüft',
  auditMissing: 'NICHT im Protokoll des Gesundheitsamts',
  auditMismatch: 'Der Protokolleintrag passt NICHT zu dieser Warnung',
  withdrawn: (at: string) => `Zurückgezogen am ${at}`,
  withdrawalNotVerified: (problem: string) => `Rücknahme NICHT gültig: ${problem}`,
  unmatchedTitle: 'Protokolleinträge ohne Warnung',
  unmatchedHint:
    'Das Protokoll des Gesundheitsamts nennt diese Warnungen zu Ihren Orten, der Server zeigt sie aber nicht (oder nicht mehr: nach 28 Tagen werden sie gelöscht).',
  unmatchedEntry: (at: string, window: string) => `Warnung vom ${at} für ${window}`,
};

const en: typeof de = {
  errors: errorMessages.en,
  title: 'Warnings to your guests',
  intro:
    'When a health office warns the guests of one of your venues in their app, you see it here: which window, which level, from whom. Every warning is signed and checked here, as in the guests’ apps.',
  empty: 'No warnings about your venues in the last 28 days.',
  loadFailed: 'The warnings could not be loaded.',
  venue: 'Venue',
  window: 'Time window',
  level: 'Level',
  levelText: (level) => (level === 2 ? '2: get tested and reduce contacts' : '1: there at the same time – watch for symptoms'),
  office: 'Health office',
  employee: 'Sent by',
  sentAt: 'Sent',
  verified: 'Signature checked: authentic',
  notVerified: (problem) => `Signature NOT valid: ${problem} The guests’ apps do not show this warning.`,
  unreadable: 'The warning is incomplete or damaged.',
  auditSigned: 'In the health office’s audit log, signature checked',
  auditMissing: 'NOT in the health office’s audit log',
  auditMismatch: 'The audit entry does NOT match this warning',
  withdrawn: (at) => `Withdrawn on ${at}`,
  withdrawalNotVerified: (problem) => `Withdrawal NOT valid: ${problem}`,
  unmatchedTitle: 'Audit entries without a warning',
  unmatchedHint:
    'The health office’s audit log names these warnings about your venues, but the server does not show them (or no longer: they are deleted after 28 days).',
  unmatchedEntry: (at, window) => `Warning of ${at} for ${window}`,
};

export const venueWarningMessages = { de, en };
