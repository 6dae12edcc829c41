/**
 * Opening a CSV file the way an office worker would: LibreOffice Calc (Debian's
 * libreoffice-calc-nogui, headless) imports it and saves it as flat ODS (`.fods`, one XML file),
 * where a formula cell carries a `table:formula` attribute and every cell its shown text in
 * `<text:p>`. So the test sees both what the spreadsheet shows and whether it computed anything.
 *
 * Import options (LibreOffice's CSV filter tokens): comma separated, " as text delimiter, UTF-8,
 * from line 1, language en-US, quoted fields not forced to text, special numbers detected: the
 * dialog's defaults, under which `=…` cells, quoted or not, are evaluated ("Evaluate formulas",
 * token 13, is left at its default; the test's control file proves it is on). `trimSpaces` ticks
 * "Trim spaces" (token 11), which an office worker may do, and which turns " =2+2" into a formula.
 *
 * Each call uses a throwaway user profile (-env:UserInstallation), so calls can run in parallel
 * and nothing from a desktop profile leaks in.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOFFICE = '/usr/bin/soffice';

export interface SpreadsheetView {
  /** The cells' texts as shown, row by row, trailing empty cells and rows left out. */
  text: string[][];
  /** Each shown cell's value type (ODF office:value-type: "string", "float", "date", …; "" for none), aligned with `text`. */
  types: string[][];
  /** How many cells hold a formula. */
  formulas: number;
}

export interface ImportOptions {
  /** Tick "Trim spaces" in the import. */
  trimSpaces?: boolean;
}

/** LibreOffice's CSV import filter with its option tokens (see its help page "CSV Filter Options"). */
function csvFilter(options: ImportOptions): string {
  const tokens = [
    '44', // field separator: comma
    '34', // text delimiter: "
    '76', // character set: UTF-8
    '1', // start at line 1
    '', // no per-column formats
    '1033', // language: English (USA)
    'false', // quoted field as text: no (the default: quoted "=…" is evaluated too)
    'true', // detect special numbers (dates, times)
    'false', // token 9: an export option in LibreOffice 7.4
    'false', // token 10: an export option
    options.trimSpaces ? 'true' : 'false', // trim spaces
  ];
  return `Text - txt - csv (StarCalc):${tokens.join(',')}`;
}

/** Converts the files in one LibreOffice run (about 3-5 s, most of it start-up). */
export async function spreadsheetViews(csvPaths: readonly string[], options: ImportOptions = {}): Promise<SpreadsheetView[]> {
  if (!existsSync(SOFFICE))
    throw new Error(`LibreOffice is missing (${SOFFICE}): apt-get install -y --no-install-recommends libreoffice-calc-nogui`);
  const names = csvPaths.map((path) => basename(path, extname(path)));
  if (new Set(names).size !== names.length) throw new Error('The CSV files need distinct names: the converted files share one folder.');
  const work = mkdtempSync(join(tmpdir(), 'luca-soffice-'));
  try {
    const outDir = join(work, 'out');
    await run(
      SOFFICE,
      [
        `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
        '--headless',
        '--norestore',
        `--infilter=${csvFilter(options)}`,
        '--convert-to',
        'fods',
        '--outdir',
        outDir,
        ...csvPaths,
      ],
      { timeout: 120_000 },
    );
    return names.map((name) => {
      const fods = join(outDir, `${name}.fods`);
      if (!existsSync(fods)) throw new Error(`LibreOffice did not convert ${name}`);
      return readFods(readFileSync(fods, 'utf8'));
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function spreadsheetView(csvPath: string, options: ImportOptions = {}): Promise<SpreadsheetView> {
  const [view] = await spreadsheetViews([csvPath], options);
  if (!view) throw new Error('no view');
  return view;
}

/** Repeated empty cells and rows fill a sheet to its edge: expanded up to this many, then trimmed. */
const MAX_REPEAT = 1024;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

/** The text of one `<text:p>`: spaces, tabs and line breaks are elements in ODF. */
function paragraphText(xml: string): string {
  return unescapeXml(
    xml
      .replace(/<text:s\b([^>]*)\/>/g, (_, attributes: string) => ' '.repeat(Number(attribute(attributes, 'text:c') ?? '1')))
      .replace(/<text:tab\b[^>]*\/>/g, '\t')
      .replace(/<text:line-break\b[^>]*\/>/g, '\n')
      .replace(/<[^>]+>/g, ''),
  );
}

function trimEnd<T>(items: T[], isEmpty: (item: T) => boolean): T[] {
  let end = items.length;
  while (end > 0 && isEmpty(items[end - 1] as T)) end--;
  return items.slice(0, end);
}

/** Reads the first sheet of a flat ODS document. */
export function readFods(xml: string): SpreadsheetView {
  const table = /<table:table\b[^>]*>([\s\S]*?)<\/table:table>/.exec(xml)?.[1] ?? '';
  let formulas = 0;
  const rows: string[][] = [];
  const typeRows: string[][] = [];
  for (const rowMatch of table.matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const row: string[] = [];
    const rowTypes: string[] = [];
    let rowFormulas = 0;
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(
      /<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g,
    )) {
      const attributes = cellMatch[1] ?? '';
      const paragraphs = [...(cellMatch[2] ?? '').matchAll(/<text:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/text:p>)/g)];
      const text = paragraphs.map((p) => paragraphText(p[1] ?? '')).join('\n');
      const repeat = Math.min(Number(attribute(attributes, 'table:number-columns-repeated') ?? '1'), MAX_REPEAT);
      if (attribute(attributes, 'table:formula') !== undefined) rowFormulas += repeat;
      const type = attribute(attributes, 'office:value-type') ?? '';
      for (let i = 0; i < repeat; i++) {
        row.push(text);
        rowTypes.push(type);
      }
    }
    const repeat = Math.min(Number(attribute(rowMatch[1] ?? '', 'table:number-rows-repeated') ?? '1'), MAX_REPEAT);
    formulas += rowFormulas * repeat;
    const trimmed = trimEnd(row, (cell) => cell === '');
    for (let i = 0; i < repeat; i++) {
      rows.push([...trimmed]);
      typeRows.push(rowTypes.slice(0, trimmed.length));
    }
  }
  const text = trimEnd(rows, (row) => row.length === 0);
  return { text, types: typeRows.slice(0, text.length), formulas };
}
