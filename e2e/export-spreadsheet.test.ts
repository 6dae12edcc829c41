/**
 * The health office's exports opened in a real spreadsheet (trust model 10): LibreOffice Calc
 * imports the contact list and the SORMAS file with hostile names in them and computes nothing;
 * every name shows as the text the guest typed. A control file with the same names written
 * without neutralisation IS computed by LibreOffice, so this check can fail. No browser, no server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportContact, contactsCsv, sormasContactsCsv } from '../web/health/csv-export.ts';
import { type SpreadsheetView, spreadsheetViews } from './support/libreoffice.ts';

const HYPERLINK = '=HYPERLINK("http://x","y")';
const hostile: Partial<ExportContact>[] = [
  { firstName: HYPERLINK, lastName: 'Link' },
  { firstName: 'Plus', lastName: '+1-2' },
  { firstName: '@SUM(1)', lastName: 'At' },
  { firstName: 'Minus', lastName: '-3+4' },
  { firstName: '\t=1+2', lastName: 'Tab' },
  { firstName: '\r=1+2', lastName: 'Return' },
  { firstName: ' =2+2', lastName: 'Space' },
];

function contact(overrides: Partial<ExportContact>): ExportContact {
  return {
    firstName: 'Erika',
    lastName: 'Mustermann',
    phone: '+49 30 1234567',
    email: 'erika@example.org',
    street: 'Heidestraße',
    houseNumber: '17',
    postcode: '51147',
    city: 'Köln',
    country: 'DE',
    venueName: '=1+1',
    areaName: 'Terrasse',
    reference: '-1',
    arrivedAt: Date.UTC(2021, 2, 5, 18, 30),
    departedAt: Date.UTC(2021, 2, 5, 20, 45),
    overlapMinutes: 95,
    status: 'to_call',
    ...overrides,
  };
}

/**
 * The same names, written by hand as a careless exporter would: quoted only where RFC 4180 needs
 * it, no neutralisation. (LibreOffice trims only unquoted fields: " =2+2" in quotes stays text.)
 */
const control = `\uFEFFfirst,last\r\n"=HYPERLINK(""http://x"",""y"")",Link\r\nPlus,+1-2\r\n =2+2,Space\r\n`;

/** Phone numbers written carelessly, without spaces: each becomes a number, the leading 0 or the + lost. */
const controlPhones = `\uFEFFphone\r\n0301234567\r\n+49301234567\r\n`;

/** A guest abroad: the export writes the number with 00. */
const abroad: Partial<ExportContact> = {
  firstName: 'Ausland',
  lastName: 'Gast',
  phone: '+44 20 7946 0958',
  country: 'GB',
  postcode: 'SW1A 1AA',
  city: 'London',
};

let dir: string;
let files: string[];
const views = new Map<string, SpreadsheetView[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luca-export-'));
  const kase = { caseReference: '=CASE()', indexVenueNames: ['@venue'] };
  const contacts = [contact({}), ...hostile.map(contact), contact(abroad)];
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text, 'utf8');
    return path;
  };
  files = [
    write('contacts-de.csv', contactsCsv(kase, contacts, 'de')),
    write('contacts-en.csv', contactsCsv(kase, contacts, 'en')),
    write('sormas.csv', sormasContactsCsv(kase, contacts)),
    write('control.csv', control),
    write('control-phones.csv', controlPhones),
  ];
  const [plain, trimmed] = await Promise.all([spreadsheetViews(files), spreadsheetViews(files, { trimSpaces: true })]);
  views.set('plain', plain);
  views.set('trimmed', trimmed);
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function view(mode: 'plain' | 'trimmed', index: number): SpreadsheetView {
  const found = views.get(mode)?.[index];
  if (!found) throw new Error(`no view ${mode} ${index}`);
  return found;
}

const cells = (v: SpreadsheetView) => v.text.flat();

describe('exports opened in LibreOffice Calc', () => {
  it('proves the check can fail: the un-neutralised control file is computed', () => {
    const plain = view('plain', 3);
    expect(plain.formulas).toBe(1);
    expect(plain.text[1]?.[0]).toBe('y'); // the link, not the name
    expect(cells(plain)).not.toContain(HYPERLINK);
    // With "Trim spaces", the space-led cell is a formula as well.
    const trimmed = view('trimmed', 3);
    expect(trimmed.formulas).toBe(2);
    expect(trimmed.text[3]?.[0]).toBe('4');
    // Phone numbers without a space are read as numbers: the check of the phone cells' type can fail.
    const phones = view('plain', 4);
    expect(phones.types.slice(1).map((row) => row[0])).toEqual(['float', 'float']);
    expect(phones.text.slice(1).map((row) => row[0])).not.toContain('0301234567');
  });

  for (const [index, name] of ['contacts (de)', 'contacts (en)', 'SORMAS import'].entries()) {
    for (const mode of ['plain', 'trimmed'] as const) {
      it(`${name}${mode === 'trimmed' ? ', spaces trimmed' : ''}: no formula, every hostile name shown as typed`, () => {
        const v = view(mode, index);
        expect(v.formulas).toBe(0);
        expect(v.text.length).toBe(hostile.length + 3);
        const shown = cells(v);
        const withName = (needle: string) => shown.filter((cell) => cell.includes(needle));
        expect(withName('HYPERLINK("http://x","y")')).toHaveLength(1);
        expect(withName("'+1-2")).toHaveLength(1);
        expect(withName("'@SUM(1)")).toHaveLength(1);
        expect(withName("'-3+4")).toHaveLength(1);
        expect(withName('=1+2')).toHaveLength(2); // the tab- and the CR-led name
        expect(withName('=2+2')).toHaveLength(1);
        // Nothing was computed: no link text, no sums.
        for (const computed of ['y', '-1', '1', '3', '4']) expect(shown).not.toContain(computed);
        // Phone numbers read as written, dialable, without the quote, and as text (not a number or formula).
        const column = (v.text[0] ?? []).findIndex((header) => ['Telefon', 'Phone', 'person.phone'].includes(header));
        expect(column).toBeGreaterThanOrEqual(0);
        const phones = v.text.slice(1).map((row, i) => [row[column], v.types[i + 1]?.[column]]);
        expect(phones).toEqual([
          ...Array.from({ length: hostile.length + 1 }, () => ['030 1234567', 'string']),
          ['0044 20 7946 0958', 'string'],
        ]);
      });
    }
  }
});
