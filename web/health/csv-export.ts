/**
 * The health office's export of a case's contact list (trust model point 10): CSV files that are
 * safe to open in a spreadsheet.
 *
 * Format: RFC 4180 (Common Format and MIME Type for CSV Files). Records end in CRLF (the last one
 * too), fields are separated by commas, a field is enclosed in double quotes when it holds a comma,
 * a double quote, CR or LF (and, beyond the RFC, when it begins or ends with a space or begins with
 * a byte order mark, so that no reader's trimming changes it), and a double quote inside a field is
 * doubled. Files start with a UTF-8 byte order mark, which is how Excel recognises UTF-8 (umlauts).
 *
 * CSV injection (OWASP "CSV Injection"): a spreadsheet reads a cell that begins with = + - or @ as
 * a formula (=HYPERLINK(...) sends data away, +1-2 silently becomes -1), and a cell that begins
 * with a tab or CR can hide one. Names, streets and venue names are typed by guests and venues,
 * so every cell, the header and numbers included, goes through `neutraliseCell` before quoting:
 *
 *   a cell whose first character is = + - @ TAB or CR, or whose first character after leading
 *   whitespace is = + - or @, gets a single quote ' in front (OWASP's recommendation).
 *
 * Why after leading whitespace too: spreadsheets offer to trim spaces on import (LibreOffice's
 * "Trim spaces", Google Sheets trims by default), and " =2+2" becomes a formula once trimmed; the
 * e2e test shows LibreOffice doing exactly that. The full-width forms ＝ ＋ － ＠ are treated the
 * same way as a precaution (some spreadsheet locales map them to the ASCII operators); no real
 * name begins with them. The quote stays visible in the cell: that is the point, the cell is text.
 *
 * Phone numbers are written so that they need no quote and stay dialable as written
 * (protocol/phone.ts `dialablePhone`): German numbers in national format ("030 1234567"), others
 * with the international prefix 00 ("0044 20 7946 0958"). Such a cell begins with a digit and
 * holds a space, so a spreadsheet reads it as text, neither a formula nor a number (which would
 * drop the leading 0). The stored international form "+49 30 1234567" would begin with +, a
 * formula start, and get the visible quote. Only a number that does not parse (an older app
 * version took any digits) is written as stored, and neutralised like every other cell.
 *
 * Pure and free of WebCrypto: runs in the health-office app and in Node alike.
 */
import type { ContactStatus } from '../../protocol/api/office-cases.ts';
import { DEFAULT_COUNTRY } from '../../protocol/countries.ts';
import { dialablePhone } from '../../protocol/phone.ts';

export type { ContactStatus };
import type { Reach } from './warning-reach.ts';

export interface ExportContact {
  firstName: string;
  lastName: string;
  /** Their own phone as stored: international format; older contacts as typed. Absent: a companion without a phone of their own. */
  phone?: string | undefined;
  email?: string;
  street: string;
  /** Absent in contacts older app versions wrote (the number is then part of `street`). */
  houseNumber?: string;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2; absent in contacts older app versions wrote, which are German. */
  country?: string;
  venueName: string;
  areaName?: string;
  reference?: string;
  /** ms since epoch, exact (from the decrypted check-in). */
  arrivedAt: number;
  /** ms since epoch; null when the guest never checked out. */
  departedAt: number | null;
  /** Overlap with the index case's stay. */
  overlapMinutes: number;
  status: ContactStatus;
  /** Reached through the app's warning (web/health/warning-reach.ts); absent: not known. */
  warning?: Reach;
  /** A companion in a group check-in: the one who checked them in, and whether that was the index case. */
  companionOf?: { name: string; indexCase: boolean };
  /** A companion without a phone: the phone of the one who checked them in, which reaches them. */
  callVia?: { phone: string; country?: string | undefined };
}

export interface ExportCase {
  caseReference: string;
  indexVenueNames?: string[];
}

export type ExportLanguage = 'de' | 'en';

/** The zone a German health office reads times in; the default for both exports. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** First character alone (tab, CR), or first character after any whitespace (= + - @ and full-width forms). */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const NEEDS_QUOTES = /[",\r\n]|^[ \uFEFF]| $/;

/** OWASP's neutralisation: a single quote in front of a cell a spreadsheet would read as a formula. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting of one (already neutralised) field. */
function quoteField(value: string, alone: boolean): string {
  // A record of one empty field would be an empty line, which readers skip: quote it.
  if (NEEDS_QUOTES.test(value) || (alone && value === '')) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/** One record, without its line break: every cell neutralised, then quoted as RFC 4180 needs. */
export function csvRow(cells: readonly string[]): string {
  if (cells.length === 0) throw new RangeError('A CSV record needs at least one field.');
  return cells.map((cell) => quoteField(neutraliseCell(cell), cells.length === 1)).join(',');
}

/** A whole file: UTF-8 BOM, then every record ended by CRLF. */
function csvFile(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => csvRow(row) + CRLF).join('');
}

const formatters = new Map<string, Intl.DateTimeFormat>();

interface LocalTime {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function localTime(ms: number, timeZone: string): LocalTime {
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${ms}`);
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  const pick = (type: string, width: number) => (parts[type] ?? '').padStart(width, '0');
  return { year: pick('year', 4), month: pick('month', 2), day: pick('day', 2), hour: pick('hour', 2), minute: pick('minute', 2) };
}

/** "YYYY-MM-DD HH:MM" in the given zone. */
export function formatLocalDateTime(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const t = localTime(ms, timeZone);
  return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}`;
}

/** "DD.MM.YYYY" in the given zone: the date format of SORMAS in German. */
function formatGermanDate(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  return `${t.day}.${t.month}.${t.year}`;
}

const TEXT = {
  de: {
    header: (timeZone: string) => [
      'Fall',
      'Nachname',
      'Vorname',
      'Telefon',
      'E-Mail',
      'Straße',
      'Hausnummer',
      'PLZ',
      'Ort',
      'Land',
      'Betrieb',
      'Bereich',
      'Referenz',
      `Check-in (${timeZone})`,
      `Check-out (${timeZone})`,
      'Überschneidung (Minuten)',
      'Status',
      'Warnung in der App',
      'Begleitung von',
      'Erreichbar über Telefon',
    ],
    noCheckout: 'kein Check-out',
    status: { to_call: 'anzurufen', reached: 'erreicht', unreachable: 'nicht erreichbar' },
    reach: (reach: Reach | undefined, timeZone: string): string =>
      reach === undefined
        ? ''
        : reach.state === 'read'
          ? `in der App gewarnt, gelesen ${formatLocalDateTime(reach.readAt, timeZone)}`
          : reach.state === 'unread'
            ? 'gewarnt, noch nicht gelesen'
            : reach.state === 'not_warned'
              ? 'nicht gewarnt'
              : 'nicht per App erreichbar: anrufen',
    companionOf: (companion: ExportContact['companionOf']) =>
      companion === undefined ? '' : companion.indexCase ? `${companion.name} (Indexfall)` : companion.name,
  },
  en: {
    header: (timeZone: string) => [
      'Case',
      'Last name',
      'First name',
      'Phone',
      'Email',
      'Street',
      'House number',
      'Postcode',
      'City',
      'Country',
      'Venue',
      'Area',
      'Reference',
      `Checked in (${timeZone})`,
      `Checked out (${timeZone})`,
      'Overlap (minutes)',
      'Status',
      'App warning',
      'Companion of',
      'Reachable by phone',
    ],
    noCheckout: 'no checkout',
    status: { to_call: 'to call', reached: 'reached', unreachable: 'unreachable' },
    reach: (reach: Reach | undefined, timeZone: string): string => (reach === undefined ? '' : reachInEnglish(reach, timeZone)),
    companionOf: (companion: ExportContact['companionOf']) =>
      companion === undefined ? '' : companion.indexCase ? `${companion.name} (index case)` : companion.name,
  },
} as const satisfies Record<ExportLanguage, unknown>;

const countryNames = new Map<string, Intl.DisplayNames>();

/** The country's name in the export's language ("Österreich", "Austria"). */
function countryName(code: string, lang: ExportLanguage): string {
  let names = countryNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    countryNames.set(lang, names);
  }
  return names.of(code) ?? code;
}

/** Their own phone, dialable as written; empty when they have none. */
function ownPhone(contact: ExportContact): string {
  return contact.phone === undefined ? '' : dialablePhone(contact.phone, contact.country);
}

/** The number that reaches them: their own, else that of the one who checked them in. */
function reachablePhone(contact: ExportContact): string {
  return contact.callVia ? dialablePhone(contact.callVia.phone, contact.callVia.country) : ownPhone(contact);
}

/**
 * The contact list as the office reads it: one row per person (each companion of a group
 * check-in too, with whom they came and the number that reaches them), times local to
 * `timeZone`, headers and status in the office's language.
 */
export function contactsCsv(
  kase: ExportCase,
  contacts: readonly ExportContact[],
  lang: ExportLanguage,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  const text = TEXT[lang];
  const rows = contacts.map((contact) => [
    kase.caseReference,
    contact.lastName,
    contact.firstName,
    ownPhone(contact),
    contact.email ?? '',
    contact.street,
    contact.houseNumber ?? '',
    contact.postcode,
    contact.city,
    countryName(contact.country ?? DEFAULT_COUNTRY, lang),
    contact.venueName,
    contact.areaName ?? '',
    contact.reference ?? '',
    formatLocalDateTime(contact.arrivedAt, timeZone),
    contact.departedAt === null ? text.noCheckout : formatLocalDateTime(contact.departedAt, timeZone),
    String(Math.round(contact.overlapMinutes)),
    text.status[contact.status],
    text.reach(contact.warning, timeZone),
    text.companionOf(contact.companionOf),
    reachablePhone(contact),
  ]);
  return csvFile([text.header(timeZone), ...rows]);
}

/**
 * Column names of SORMAS's contact import (the import template SORMAS generates from ContactDto,
 * nested person fields as `person.…`, the address as `person.address.…`), the subset this system
 * knows. Enum values are SORMAS's constants: ContactIdentificationSource.TRACING_APP,
 * TracingApp.OTHER. Dates are DD.MM.YYYY, SORMAS's date format for German users. The risk
 * category and proximity are judgements the office makes in SORMAS, so they are left out rather
 * than guessed. The first column is always a date we write: SORMAS skips lines beginning with
 * "##" as comments, so no guest-typed text may start a line.
 *
 * The address's country: SORMAS's import reads `person.address.country` as the default name of a
 * country in its own country list (WHO names in English, matched case-insensitively; an unknown
 * name fails the whole line), not as an ISO code. So the column is written only for countries
 * whose SORMAS name is known here (SORMAS_COUNTRY_NAMES: Germany and its neighbours); for any
 * other it stays empty and the description names the country, for the office to set in SORMAS.
 */
export const SORMAS_CONTACT_COLUMNS = [
  'lastContactDate',
  'multiDayContact',
  'firstContactDate',
  'person.firstName',
  'person.lastName',
  'person.phone',
  'person.emailAddress',
  'person.address.street',
  'person.address.houseNumber',
  'person.address.postalCode',
  'person.address.city',
  'person.address.country',
  'contactIdentificationSource',
  'tracingApp',
  'tracingAppDetails',
  'caseIdExternalSystem',
  'caseOrEventInformation',
  'description',
] as const;

/** ISO 3166-1 alpha-2 → the country's default name in SORMAS's country list (sormas_import_all_countries.csv). */
export const SORMAS_COUNTRY_NAMES: Readonly<Record<string, string>> = {
  DE: 'Germany',
  AT: 'Austria',
  BE: 'Belgium',
  CH: 'Switzerland',
  CZ: 'Czech Republic',
  DK: 'Denmark',
  FR: 'France',
  LU: 'Luxembourg',
  NL: 'Netherlands',
  PL: 'Poland',
};

const STATUS_FOR_SORMAS: Record<ContactStatus, string> = { to_call: 'to call', reached: 'reached', unreachable: 'unreachable' };

/** The app warning's state in English (the English export and SORMAS's description). */
function reachInEnglish(reach: Reach, timeZone: string): string {
  if (reach.state === 'read') return `warned in the app, read ${formatLocalDateTime(reach.readAt, timeZone)}`;
  if (reach.state === 'unread') return 'warned, not yet read';
  if (reach.state === 'not_warned') return 'not warned';
  return 'not reachable by app: call';
}

function sormasDescription(contact: ExportContact, timeZone: string): string {
  const where = contact.areaName ? `${contact.venueName} (${contact.areaName})` : contact.venueName;
  const until = contact.departedAt === null ? 'no checkout' : formatLocalDateTime(contact.departedAt, timeZone);
  const reference = contact.reference ? `; reference ${contact.reference}` : '';
  const country = contact.country ?? DEFAULT_COUNTRY;
  const abroad = SORMAS_COUNTRY_NAMES[country] ? '' : `; address in ${countryName(country, 'en')} (${country})`;
  const companion = contact.companionOf
    ? `; companion of ${contact.companionOf.name}${contact.companionOf.indexCase ? ' (index case)' : ''}${contact.callVia ? ', reached through their phone' : ''}`
    : '';
  return (
    `luca-next: ${where}, ${formatLocalDateTime(contact.arrivedAt, timeZone)} to ${until} (${timeZone}), ` +
    `overlap ${Math.round(contact.overlapMinutes)} min${reference}; status ${STATUS_FOR_SORMAS[contact.status]}` +
    `${contact.warning ? `; app warning: ${reachInEnglish(contact.warning, timeZone)}` : ''}${companion}${abroad}`
  );
}

/**
 * A contact import file for SORMAS (columns: `SORMAS_CONTACT_COLUMNS`), one line per person,
 * neutralised like every export. The columns stay those of SORMAS's import template, so a
 * companion's relation goes into `description`, and `person.phone` is the number that reaches them.
 */
export function sormasContactsCsv(kase: ExportCase, contacts: readonly ExportContact[], timeZone: string = DEFAULT_TIME_ZONE): string {
  const venues = kase.indexVenueNames?.length ? `; venues of the index case: ${kase.indexVenueNames.join(', ')}` : '';
  const caseInformation = `luca-next case ${kase.caseReference}${venues}`;
  const rows = contacts.map((contact) => {
    const lastContact = contact.departedAt ?? contact.arrivedAt;
    const multiDay = formatGermanDate(contact.arrivedAt, timeZone) !== formatGermanDate(lastContact, timeZone);
    return [
      formatGermanDate(lastContact, timeZone),
      multiDay ? 'true' : 'false',
      multiDay ? formatGermanDate(contact.arrivedAt, timeZone) : '',
      contact.firstName,
      contact.lastName,
      // SORMAS has one phone per person: the number that reaches them (the description says whose it is).
      reachablePhone(contact),
      contact.email ?? '',
      contact.street,
      contact.houseNumber ?? '',
      contact.postcode,
      contact.city,
      SORMAS_COUNTRY_NAMES[contact.country ?? DEFAULT_COUNTRY] ?? '',
      'TRACING_APP',
      'OTHER',
      'luca-next',
      kase.caseReference,
      caseInformation,
      sormasDescription(contact, timeZone),
    ];
  });
  return csvFile([SORMAS_CONTACT_COLUMNS, ...rows]);
}

/**
 * A strict RFC 4180 reader: CRLF between records only (a bare CR or LF outside quotes is refused),
 * quotes only around whole fields, every record as long as the first. A leading BOM and a final
 * CRLF are allowed. Throws SyntaxError naming the record.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = text.startsWith(BOM) ? 1 : 0;
  if (i === text.length) return rows;
  let row: string[] = [];
  const fail = (what: string): never => {
    throw new SyntaxError(`CSV record ${rows.length + 1}: ${what}`);
  };
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) fail('a quoted field is never closed');
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      row.push(value);
    } else {
      let end = i;
      while (end < text.length && !',\r\n"'.includes(text.charAt(end))) end++;
      if (text[end] === '"') fail('a double quote inside an unquoted field');
      row.push(text.slice(i, end));
      i = end;
    }
    if (i === text.length) {
      rows.push(row);
      break;
    }
    if (text[i] === ',') {
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2;
      rows.push(row);
      row = [];
      if (i === text.length) break;
    } else {
      fail('a field must be followed by a comma or CRLF');
    }
  }
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, index) => {
    if (r.length !== width) throw new SyntaxError(`CSV record ${index + 1}: ${r.length} fields where the first record has ${width}`);
  });
  return rows;
}
