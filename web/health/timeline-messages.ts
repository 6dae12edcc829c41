/** The overlap timeline's texts, German (the default) and English. Times arrive formatted. */
const de = {
  summary: (contacts: number, together: number) =>
    contacts === 0
      ? 'Zeitachse: keine Kontaktpersonen'
      : `Zeitachse: ${contacts} ${contacts === 1 ? 'Kontaktperson' : 'Kontaktpersonen'}, ${together} zeitgleich mit dem Indexfall anwesend`,
  indexStay: (from: string, to: string) => `Aufenthalt des Indexfalls: ${from} bis ${to}`,
  requestedWindow: (from: string, to: string) => `Angefragter Zeitraum: ${from} bis ${to}`,
  stay: (label: string, from: string, to: string) => `${label}: ${from} bis ${to}`,
  assumedEnd: 'kein Checkout, übliche Aufenthaltsdauer angenommen',
  together: (minutes: number) => `${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'} zeitgleich mit dem Indexfall`,
  apart: 'nicht zeitgleich mit dem Indexfall',
  legend: 'Legende',
  legendIndex: 'Aufenthalt des Indexfalls',
  legendWindow: 'Angefragter Zeitraum',
  legendTogether: 'Zeitgleich mit dem Indexfall (◆)',
  legendApart: 'Nicht zeitgleich',
  legendAssumed: 'Ohne Checkout: übliche Dauer angenommen',
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
  assumedEnd: 'no checkout, usual length of stay assumed',
  together: (minutes: number) => `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} at the same time as the index case`,
  apart: 'not at the same time as the index case',
  legend: 'Key',
  legendIndex: 'Index case’s stay',
  legendWindow: 'Requested window',
  legendTogether: 'At the same time as the index case (◆)',
  legendApart: 'Not at the same time',
  legendAssumed: 'No checkout: usual length assumed',
};

export const timelineMessages = { de, en };
export type TimelineMessages = typeof de;
