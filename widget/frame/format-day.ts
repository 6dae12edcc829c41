/** A protocol day ("2026-12-01") as a date nobody misreads, in the page's language: "Di., 1. Dez. 2026" / "Tue 1 Dec 2026". */
export function formatDay(day: string, lang: string): string {
  const locale = lang.toLowerCase().startsWith('en') ? 'en-GB' : 'de-DE';
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    Date.parse(`${day}T12:00:00Z`),
  );
}
