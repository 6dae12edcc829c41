/** The overlap timeline's texts, German (the default) and English. Times arrive formatted. */
const listDe = new Intl.ListFormat('de', { type: 'conjunction' });
const listEn = new Intl.ListFormat('en', { type: 'conjunction' });
const de = {
  summary: (contacts: number, together: number) =>
    contacts === 0
      ? 'Zeitachse: keine Kontaktpersonen'
      : `Zeitachse: ${contacts} ${contacts === 1 ? 'Kontaktperson' : 'Kontaktpersonen'}, ${together} zeitgleich mit dem Indexfall anwesend`,
  indexStay: (from: string, to: string) => `Aufenthalt des Indexfalls: ${from} bis ${to}`,
  requestedWindow: (from: string, to: string) => `Angefragter Zeitraum: ${from} bis ${to}`,
  stay: (label: string, from: string, to: string) => `${label}: ${from} bis ${to}`,
  /** A group check-in's bar: who came, and how many they were. */
  group: (label: string, companions: readonly string[]) => `${label} mit ${listDe.format(companions)} (${companions.length + 1} Personen)`,
  /** The persons of several check-ins, where they differ from the check-ins. */
  summaryGroups: (persons: number, checkIns: number, together: number) =>
    `Zeitachse: ${persons} Kontaktpersonen in ${checkIns} ${checkIns === 1 ? 'Check-in' : 'Check-ins'}, ${together} zeitgleich mit dem Indexfall anwesend`,
  assumedEnd: 'kein Checkout, übliche Aufenthaltsdauer angenommen',
  together: (minutes: number) => `${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'} zeitgleich mit dem Indexfall`,
  apart: 'nicht zeitgleich mit dem Indexfall',
  legend: 'Legende',
  legendIndex: 'Aufenthalt des Indexfalls',
  legendWindow: 'Angefragter Zeitraum',
  legendTogether: 'Zeitgleich mit dem Indexfall (◆)',
  legendApart: 'Nicht zeitgleich',
  legendAssumed: 'Ohne Checkout: übliche Dauer angenommen',
  legendGroup: '+n: mit n weiteren Personen eingecheckt (eine Gruppe)',
};

// Typed as the German catalogue: a missing or misspelt English key does not compile.
const en: typeof de = {
  summary: (contacts: number, together: number) =>
    contacts === 0
      ? 'Timeline: no contacts'
      : `Timeline: ${contacts} ${contacts === 1 ? 'contact' : 'contacts'}, ${together} present at the same time as the index case`,
  indexStay: (from: string, to: string) => `Index case’s stay: ${from} to ${to}`,
  requestedWindow: (from: string, to: string) => `Requested window: ${from} to ${to}`,
  stay: (label: string, from: string, to: string) => `${label}: ${from} to ${to}`,
  group: (label: string, companions: readonly string[]) => `${label} with ${listEn.format(companions)} (${companions.length + 1} people)`,
  summaryGroups: (persons: number, checkIns: number, together: number) =>
    `Timeline: ${persons} contacts in ${checkIns} ${checkIns === 1 ? 'check-in' : 'check-ins'}, ${together} present at the same time as the index case`,
  assumedEnd: 'no checkout, usual length of stay assumed',
  together: (minutes: number) => `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} at the same time as the index case`,
  apart: 'not at the same time as the index case',
  legend: 'Key',
  legendIndex: 'Index case’s stay',
  legendWindow: 'Requested window',
  legendTogether: 'At the same time as the index case (◆)',
  legendApart: 'Not at the same time',
  legendAssumed: 'No checkout: usual length assumed',
  legendGroup: '+n: checked in with n more people (a group)',
};

export const timelineMessages = { de, en };
export type TimelineMessages = typeof de;
