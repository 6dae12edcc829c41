import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { type CountryCode, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { CONTACT_COUNTRIES } from '../../protocol/countries.ts';
import {
  type ExportCase,
  type ExportContact,
  SORMAS_CONTACT_COLUMNS,
  contactsCsv,
  csvRow,
  formatLocalDateTime,
  neutraliseCell,
  parseCsv,
  sormasContactsCsv,
} from './csv-export.ts';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];
const startsLikeFormula = (cell: string) => FORMULA_STARTS.some((start) => cell.startsWith(start)) || /^\s*[=+\-@]/.test(cell);

/** Strings rich in the characters that matter here: operators, quotes, separators, line breaks, spaces. */
const cellArbitrary = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ' ', "'", 'a', '\uFEFF', '\u00A0', '＝') }),
  fc.string(),
);

const kase: ExportCase = { caseReference: 'GA-2021-0042', indexVenueNames: ['Café Demo', 'Kino am Markt'] };

function contact(overrides: Partial<ExportContact> = {}): ExportContact {
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
    venueName: 'Café Demo',
    areaName: 'Terrasse',
    reference: 'Tisch 4',
    // 2021-03-05 18:30 UTC = 19:30 in Berlin (CET)
    arrivedAt: Date.UTC(2021, 2, 5, 18, 30),
    departedAt: Date.UTC(2021, 2, 5, 20, 45),
    overlapMinutes: 95,
    status: 'to_call',
    ...overrides,
  };
}

const hostileNames = [
  '=HYPERLINK("http://x","y")',
  '+1-2',
  '@SUM(1)',
  '-3+4',
  '\t=1+2',
  '\r=1+2',
  ' =2+2',
  "\n=cmd|' /C calc'!A0",
  '＝1+1',
];

describe('neutraliseCell', () => {
  it('puts a quote in front of cells that begin with = + - @ tab or CR', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+1-2')).toBe("'+1-2");
    expect(neutraliseCell('-3+4')).toBe("'-3+4");
    expect(neutraliseCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(neutraliseCell('\tx')).toBe("'\tx");
    expect(neutraliseCell('\rx')).toBe("'\rx");
  });

  it('also after leading whitespace (a trimming import would uncover the formula)', () => {
    expect(neutraliseCell(' =2+2')).toBe("' =2+2");
    expect(neutraliseCell('\n=2+2')).toBe("'\n=2+2");
    expect(neutraliseCell('\u00A0 +1')).toBe("'\u00A0 +1");
  });

  it('leaves ordinary text alone, operators inside a cell too', () => {
    for (const value of ['Erika', 'Müller-Lüdenscheidt', 'a=b', '1+1', "O'Brien", '', ' Erika', 'x@y.org', '#hashtag']) {
      expect(neutraliseCell(value)).toBe(value);
    }
  });

  it('neutralises any cell with a leading +, a phone number in international form too (the exports write phones without it)', () => {
    expect(neutraliseCell('+49 30 1234')).toBe("'+49 30 1234");
  });

  it('is idempotent and never leaves a formula start', () => {
    fc.assert(
      fc.property(cellArbitrary, (value) => {
        const once = neutraliseCell(value);
        expect(neutraliseCell(once)).toBe(once);
        expect(startsLikeFormula(once)).toBe(false);
        expect(once === value || once === `'${value}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('csvRow and parseCsv (RFC 4180)', () => {
  it('quotes only when needed and doubles quotes', () => {
    expect(csvRow(['a', 'b c', 'd'])).toBe('a,b c,d');
    expect(csvRow(['a,b', 'say "hi"', 'x\r\ny', ' lead', 'trail ', 'mid dle'])).toBe(
      '"a,b","say ""hi""","x\r\ny"," lead","trail ",mid dle',
    );
    expect(csvRow(['', ''])).toBe(',');
    expect(csvRow([''])).toBe('""');
  });

  it('neutralises before quoting', () => {
    expect(csvRow(['=HYPERLINK("http://x","y")', '+1-2'])).toBe(`"'=HYPERLINK(""http://x"",""y"")",'+1-2`);
  });

  it('refuses an empty record', () => {
    expect(() => csvRow([])).toThrow(RangeError);
  });

  it('round-trips any cells through csvRow and parseCsv, and no parsed cell begins like a formula', () => {
    fc.assert(
      fc.property(fc.array(cellArbitrary, { minLength: 1, maxLength: 8 }), (cells) => {
        const parsed = parseCsv(`${csvRow(cells)}\r\n`);
        expect(parsed).toEqual([cells.map(neutraliseCell)]);
        for (const cell of parsed[0] ?? []) expect(startsLikeFormula(cell)).toBe(false);
        // Without the final CRLF too.
        expect(parseCsv(csvRow(cells))).toEqual(parsed);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips whole files of equal-width records', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) => fc.array(fc.array(cellArbitrary, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
        (rows) => {
          const text = `\uFEFF${rows.map((row) => `${csvRow(row)}\r\n`).join('')}`;
          expect(parseCsv(text)).toEqual(rows.map((row) => row.map(neutraliseCell)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is strict: bare line breaks, stray quotes, open quotes and ragged records are refused', () => {
    expect(() => parseCsv('a,b\nc,d')).toThrow(SyntaxError);
    expect(() => parseCsv('a,b\rc,d')).toThrow(SyntaxError);
    expect(() => parseCsv('a"b,c')).toThrow(SyntaxError);
    expect(() => parseCsv('"a"b,c')).toThrow(SyntaxError);
    expect(() => parseCsv('"abc')).toThrow('never closed');
    expect(() => parseCsv('a,b\r\nc\r\n')).toThrow('1 fields where the first record has 2');
  });

  it('reads the corner cases the RFC allows', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
    expect(parseCsv('a,')).toEqual([['a', '']]);
    expect(parseCsv('""\r\n')).toEqual([['']]);
    expect(parseCsv('"a\r\nb","c""d"\r\ne,f')).toEqual([
      ['a\r\nb', 'c"d'],
      ['e', 'f'],
    ]);
  });
});

describe('contactsCsv', () => {
  it('starts with a UTF-8 BOM, ends every record with CRLF, and has no bare line break', () => {
    const csv = contactsCsv(kase, [contact(), contact({ firstName: 'Max' })], 'de');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(csv.split('\r\n')).toHaveLength(4); // header, two contacts, the empty rest after the last CRLF
  });

  it('writes a German header, local Berlin times, status and “no checkout” in German', () => {
    const rows = parseCsv(contactsCsv(kase, [contact(), contact({ departedAt: null, status: 'unreachable', areaName: undefined })], 'de'));
    expect(rows[0]).toEqual([
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
      'Check-in (Europe/Berlin)',
      'Check-out (Europe/Berlin)',
      'Überschneidung (Minuten)',
      'Status',
      'Warnung in der App',
      'Begleitung von',
      'Erreichbar über Telefon',
    ]);
    expect(rows[1]).toEqual([
      'GA-2021-0042',
      'Mustermann',
      'Erika',
      '030 1234567',
      'erika@example.org',
      'Heidestraße',
      '17',
      '51147',
      'Köln',
      'Deutschland',
      'Café Demo',
      'Terrasse',
      'Tisch 4',
      '2021-03-05 19:30',
      '2021-03-05 21:45',
      '95',
      'anzurufen',
      '',
      '',
      '030 1234567',
    ]);
    expect(rows[2]?.slice(11)).toEqual([
      '',
      'Tisch 4',
      '2021-03-05 19:30',
      'kein Check-out',
      '95',
      'nicht erreichbar',
      '',
      '',
      '030 1234567',
    ]);
  });

  it('writes English and another time zone on request', () => {
    const rows = parseCsv(contactsCsv(kase, [contact({ status: 'reached' })], 'en', 'UTC'));
    expect(rows[0]?.[0]).toBe('Case');
    expect(rows[0]?.[13]).toBe('Checked in (UTC)');
    expect(rows[1]?.slice(13)).toEqual(['2021-03-05 18:30', '2021-03-05 20:45', '95', 'reached', '', '', '030 1234567']);
  });

  it('carries whether the app warning reached each contact, so the file says whom to call', () => {
    const read = Date.UTC(2021, 2, 5, 21, 2);
    const contacts = [
      contact({ warning: { state: 'read', readAt: read } }),
      contact({ warning: { state: 'unread' } }),
      contact({ warning: { state: 'no_app' } }),
      contact({ warning: { state: 'not_warned' } }),
    ];
    expect(
      parseCsv(contactsCsv(kase, contacts, 'de'))
        .slice(1)
        .map((row) => row.at(-3)),
    ).toEqual([
      'in der App gewarnt, gelesen 2021-03-05 22:02',
      'gewarnt, noch nicht gelesen',
      'nicht per App erreichbar: anrufen',
      'nicht gewarnt',
    ]);
    expect(
      parseCsv(contactsCsv(kase, contacts, 'en', 'UTC'))
        .slice(1)
        .map((row) => row.at(-3)),
    ).toEqual(['warned in the app, read 2021-03-05 21:02', 'warned, not yet read', 'not reachable by app: call', 'not warned']);
    expect(sormasContactsCsv(kase, [contacts[2] ?? contact()])).toContain('app warning: not reachable by app: call');
  });

  it('writes summer time correctly (CEST) and midnight as 00, not 24', () => {
    expect(formatLocalDateTime(Date.UTC(2021, 6, 1, 10, 5))).toBe('2021-07-01 12:05');
    expect(formatLocalDateTime(Date.UTC(2021, 6, 1, 22, 0))).toBe('2021-07-02 00:00');
  });

  it('turns hostile names into text cells and keeps them readable', () => {
    const contacts = hostileNames.map((name) => contact({ firstName: name, lastName: name, venueName: name, city: name }));
    const rows = parseCsv(contactsCsv(kase, contacts, 'en'));
    expect(rows).toHaveLength(hostileNames.length + 1);
    for (const row of rows) for (const cell of row) expect(startsLikeFormula(cell)).toBe(false);
    rows.slice(1).forEach((row, index) => {
      expect(row[2]).toBe(`'${hostileNames[index]}`);
      expect(row[1]).toBe(`'${hostileNames[index]}`);
    });
  });

  it('writes phone numbers dialable as written, without the neutralisation mark', () => {
    const rows = parseCsv(
      contactsCsv(
        kase,
        [
          contact(),
          contact({ phone: '+44 20 7946 0958', country: 'GB', postcode: 'SW1A 1AA' }),
          contact({ phone: '+43 664 123456', country: undefined }),
        ],
        'de',
      ),
    );
    expect(rows.slice(1).map((row) => row[3])).toEqual(['030 1234567', '0044 20 7946 0958', '0043 664 123456']);
    expect(rows[2]?.slice(5, 10)).toEqual(['Heidestraße', '17', 'SW1A 1AA', 'Köln', 'Vereinigtes Königreich']);
  });

  it('exports what older app versions sealed: no house number, no country (German), phone as typed', () => {
    const legacy = contact({
      street: 'Kastanienallee 77',
      houseNumber: undefined,
      country: undefined,
      postcode: '1011',
      phone: '030/1234567',
    });
    const junk = contact({ houseNumber: undefined, country: undefined, phone: '+49 (0) 12' });
    const rows = parseCsv(contactsCsv(kase, [legacy, junk], 'en'));
    expect(rows[1]?.slice(3, 10)).toEqual(['030 1234567', 'erika@example.org', 'Kastanienallee 77', '', '1011', 'Köln', 'Germany']);
    // A number that does not parse is written as stored, neutralised like any cell.
    expect(rows[2]?.[3]).toBe("'+49 (0) 12");
  });

  it('writes every country’s phone numbers without a quote, in both files, as numbers Germany dials', () => {
    const stored = fc
      .constantFrom(...CONTACT_COUNTRIES)
      .map((country) => ({ country, example: getExampleNumber(country as CountryCode, examples) }))
      .filter(({ example }) => example?.isValid() === true);
    fc.assert(
      fc.property(fc.array(stored, { minLength: 1, maxLength: 5 }), (picked) => {
        const contacts = picked.map(({ country, example }) => contact({ country, phone: example?.formatInternational() ?? '' }));
        const plain = parseCsv(contactsCsv(kase, contacts, 'de'))
          .slice(1)
          .map((row) => row[3]);
        const [header, ...sormas] = parseCsv(sormasContactsCsv(kase, contacts));
        const phoneColumn = (header ?? []).indexOf('person.phone');
        expect(sormas.map((row) => row[phoneColumn])).toEqual(plain);
        plain.forEach((cell, index) => {
          expect(cell?.startsWith("'")).toBe(false);
          expect(parsePhoneNumberFromString(cell ?? '', 'DE')?.number).toBe(picked[index]?.example?.number);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('writes one row per person of a group check-in, with whom they came and the number that reaches them', () => {
    const lead = contact({ firstName: 'Erika', phone: '+49 30 1234567' });
    const child = contact({
      firstName: 'Mia',
      phone: undefined,
      email: undefined,
      companionOf: { name: 'Erika Mustermann', indexCase: false },
      callVia: { phone: '+49 30 1234567', country: 'DE' },
    });
    const adult = contact({
      firstName: 'Leo',
      lastName: 'Gast',
      phone: '+43 664 123456',
      country: 'AT',
      postcode: '1010',
      email: undefined,
      companionOf: { name: 'Erika Mustermann', indexCase: false },
    });
    const withIndex = contact({
      firstName: 'Ina',
      phone: undefined,
      companionOf: { name: 'Ida Index', indexCase: true },
      callVia: { phone: '+49 30 7654321' },
    });
    const [header, ...rows] = parseCsv(contactsCsv(kase, [lead, child, adult, withIndex], 'de'));
    const column = (name: string) => (header ?? []).indexOf(name);
    expect(
      rows.map((row) => [row[2], row[column('Telefon')], row[column('Begleitung von')], row[column('Erreichbar über Telefon')]]),
    ).toEqual([
      ['Erika', '030 1234567', '', '030 1234567'],
      ['Mia', '', 'Erika Mustermann', '030 1234567'],
      ['Leo', '0043 664 123456', 'Erika Mustermann', '0043 664 123456'],
      ['Ina', '', 'Ida Index (Indexfall)', '030 7654321'],
    ]);
    const english = parseCsv(contactsCsv(kase, [withIndex], 'en'));
    expect(english[0]?.slice(-2)).toEqual(['Companion of', 'Reachable by phone']);
    expect(english[1]?.slice(-2)).toEqual(['Ida Index (index case)', '030 7654321']);
  });

  it('keeps a companion named like a formula, and a lead named like one, neutral in every cell', () => {
    const companions = hostileNames.map((name) =>
      contact({
        firstName: name,
        lastName: '=cmd',
        phone: undefined,
        companionOf: { name: `${name} =cmd`, indexCase: false },
        callVia: { phone: '=1+1', country: 'DE' },
      }),
    );
    const rows = parseCsv(contactsCsv(kase, companions, 'de'));
    for (const row of rows) for (const cell of row) expect(startsLikeFormula(cell)).toBe(false);
    rows.slice(1).forEach((row, index) => {
      expect(row[1]).toBe("'=cmd");
      expect(row.at(-2)).toBe(`'${hostileNames[index]} =cmd`);
      // A phone that does not parse is written as stored, neutralised.
      expect(row.at(-1)).toBe("'=1+1");
    });
    for (const row of parseCsv(sormasContactsCsv(kase, companions))) for (const cell of row) expect(startsLikeFormula(cell)).toBe(false);
  });

  it('gives a header-only file for no contacts', () => {
    expect(parseCsv(contactsCsv(kase, [], 'en'))).toHaveLength(1);
  });
});

describe('sormasContactsCsv', () => {
  it('uses SORMAS contact import column names and values SORMAS reads', () => {
    const csv = sormasContactsCsv(kase, [contact()]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row] = parseCsv(csv);
    expect(header).toEqual([...SORMAS_CONTACT_COLUMNS]);
    const record = Object.fromEntries((header ?? []).map((name, index) => [name, row?.[index]]));
    expect(record).toMatchObject({
      lastContactDate: '05.03.2021',
      multiDayContact: 'false',
      firstContactDate: '',
      'person.firstName': 'Erika',
      'person.lastName': 'Mustermann',
      'person.phone': '030 1234567',
      'person.emailAddress': 'erika@example.org',
      'person.address.street': 'Heidestraße',
      'person.address.houseNumber': '17',
      'person.address.postalCode': '51147',
      'person.address.city': 'Köln',
      'person.address.country': 'Germany',
      contactIdentificationSource: 'TRACING_APP',
      tracingApp: 'OTHER',
      tracingAppDetails: 'luca-next',
      caseIdExternalSystem: 'GA-2021-0042',
      caseOrEventInformation: 'luca-next case GA-2021-0042; venues of the index case: Café Demo, Kino am Markt',
    });
    expect(record['description']).toBe(
      'luca-next: Café Demo (Terrasse), 2021-03-05 19:30 to 2021-03-05 21:45 (Europe/Berlin), overlap 95 min; reference Tisch 4; status to call',
    );
  });

  it('marks a stay across midnight (Berlin time) as a multi-day contact, and takes the arrival when nobody checked out', () => {
    const overnight = contact({ arrivedAt: Date.UTC(2021, 2, 5, 22, 30), departedAt: Date.UTC(2021, 2, 5, 23, 30) });
    const noCheckout = contact({ departedAt: null });
    const [header, first, second] = parseCsv(sormasContactsCsv(kase, [overnight, noCheckout]));
    const column = (name: string) => (header ?? []).indexOf(name);
    expect([first?.[column('lastContactDate')], first?.[column('multiDayContact')], first?.[column('firstContactDate')]]).toEqual([
      '06.03.2021',
      'true',
      '05.03.2021',
    ]);
    expect(second?.[column('lastContactDate')]).toBe('05.03.2021');
    expect(second?.[column('description')]).toContain('to no checkout');
  });

  it('names the country SORMAS knows, and describes one it may not', () => {
    const [header, near, far, old] = parseCsv(
      sormasContactsCsv(kase, [
        contact({ country: 'CZ', postcode: '110 00', phone: '+420 601 123 456' }),
        contact({ country: 'GB', postcode: 'SW1A 1AA', phone: '+44 20 7946 0958' }),
        contact({ country: undefined, houseNumber: undefined, street: 'Kastanienallee 77' }),
      ]),
    );
    const column = (name: string) => (header ?? []).indexOf(name);
    expect(near?.[column('person.address.country')]).toBe('Czech Republic');
    expect(near?.[column('person.phone')]).toBe('00420 601 123 456');
    expect(far?.[column('person.address.country')]).toBe('');
    expect(far?.[column('description')]).toMatch(/; address in United Kingdom \(GB\)$/);
    expect([
      old?.[column('person.address.street')],
      old?.[column('person.address.houseNumber')],
      old?.[column('person.address.country')],
    ]).toEqual(['Kastanienallee 77', '', 'Germany']);
  });

  it('writes one line per person: a companion’s phone is the one that reaches them, the relation in the description', () => {
    const child = contact({
      firstName: 'Mia',
      phone: undefined,
      email: undefined,
      companionOf: { name: 'Erika Mustermann', indexCase: false },
      callVia: { phone: '+49 30 1234567', country: 'DE' },
    });
    const [header, lead, companion] = parseCsv(sormasContactsCsv(kase, [contact(), child]));
    expect(header).toEqual([...SORMAS_CONTACT_COLUMNS]);
    const record = (row: string[] | undefined) => Object.fromEntries((header ?? []).map((name, index) => [name, row?.[index]]));
    expect(record(lead)['description']).not.toContain('companion');
    expect(record(companion)).toMatchObject({ 'person.firstName': 'Mia', 'person.phone': '030 1234567', 'person.emailAddress': '' });
    expect(record(companion)['description']).toBe(
      'luca-next: Café Demo (Terrasse), 2021-03-05 19:30 to 2021-03-05 21:45 (Europe/Berlin), overlap 95 min; reference Tisch 4; status to call; companion of Erika Mustermann, reached through their phone',
    );
  });

  it('never lets guest-typed text start a line (SORMAS skips lines beginning with ##) and neutralises like the other export', () => {
    const contacts = [...hostileNames, '## not a comment'].map((name) => contact({ firstName: name, lastName: name, venueName: name }));
    const csv = sormasContactsCsv({ caseReference: '=1+1', indexVenueNames: ['@x'] }, contacts);
    const rows = parseCsv(csv);
    for (const row of rows) for (const cell of row) expect(startsLikeFormula(cell)).toBe(false);
    for (const line of csv.slice(1).split('\r\n').filter(Boolean).slice(1)) expect(line).toMatch(/^\d\d\.\d\d\.\d{4},/);
  });
});
