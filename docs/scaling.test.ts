/**
 * docs/SCALING.md's arithmetic: every derived figure is recomputed from the inputs the document
 * states (read from its tables), and the measured storage per check-in from the byte counts it
 * quotes, so that an input changed without its consequences, or a figure mistyped, fails here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(resolve(import.meta.dirname, 'SCALING.md'), 'utf8');

/** The second cell of the table row whose first cell is `label` (backticks removed). */
function cell(label: string): string {
  const row = doc.split('\n').find((line) => line.replace(/`/g, '').startsWith(`| ${label} |`));
  const value = row?.split('|')[2]?.trim();
  if (value === undefined) throw new Error(`SCALING.md has no row "${label}"`);
  return value;
}

/** The leading number of a cell: "1,900,000" → 1900000, "62.4 GB" → 62.4. */
function number(label: string): number {
  const match = /^[\d,]+(\.\d+)?/.exec(cell(label));
  if (!match) throw new Error(`row "${label}" does not begin with a number: ${cell(label)}`);
  return Number(match[0].replace(/,/g, ''));
}

const grouped = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

describe('docs/SCALING.md', () => {
  const perDay = number('check-ins per day');
  const peak = number('peak factor');
  const days = number('days held');
  const offices = number('health offices');
  const bytes = number('bytes per check-in');
  const limit = number('D1 database size limit') * 1e9;

  it('holds exactly 28 past days and today, as the retention job keeps them', async () => {
    const { RETENTION_DAYS } = await import('../protocol/retention.ts');
    expect(days).toBe(RETENTION_DAYS + 1);
  });

  it('derives bytes per check-in from the measured byte counts it quotes', () => {
    const rows = Number(/One run on[\s\S]*?\(([\d,]+) check-ins\)/.exec(doc)?.[1]?.replace(/,/g, ''));
    const objects = ['checkins', 'sqlite_autoindex_checkins_1', 'checkins_venue_arrival', 'checkins_day'];
    const counted = objects.map((name) => {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      const [, , total, each] = row?.split('|').map((part) => part.trim()) ?? [];
      return { total: Number(total?.replace(/,/g, '')), each: Number(each?.replace(/,/g, '')) };
    });
    for (const { total, each } of counted) expect(each).toBe(Math.round(total / rows));
    const sum = counted.reduce((all, { total }) => all + total, 0);
    expect(cell('together')).toBe(grouped(sum));
    expect(bytes).toBe(Math.round(sum / rows));
  });

  it('derives the one-database figures from the inputs', () => {
    const stored = perDay * days;
    expect(cell('mean write rate')).toBe(`${grouped(perDay / 86_400, 1)} check-ins/s`);
    expect(cell('peak write rate')).toBe(`${grouped((perDay / 86_400) * peak)} check-ins/s`);
    expect(cell('check-ins stored')).toBe(`${grouped(stored / 1e6, 1)} M`);
    expect(cell('storage of the check-ins')).toBe(`${grouped((stored * bytes) / 1e9, 1)} GB`);
    expect(cell('check-ins one D1 database holds')).toBe(`${grouped(limit / bytes / 1e6, 1)} M`);
    const fit = Math.floor((limit / bytes / perDay) * 10) / 10;
    expect(cell("days of Germany's check-ins that fit")).toBe(`${grouped(fit, 1)} days`);
    expect(doc).toContain(`**Size, after ${grouped(fit, 1)} days.**`);
    expect(cell('databases needed for the size alone')).toBe(String(Math.ceil((stored * bytes) / limit)));
  });

  it('derives the per-office figures from the inputs', () => {
    const mean = perDay / offices;
    expect(cell('mean check-ins per office and day')).toBe(grouped(mean));
    expect(cell('mean storage per office')).toBe(`${grouped((mean * days * bytes) / 1e6)} MB`);
    const largest = number('largest office, check-ins per day');
    expect(cell('largest office, storage')).toBe(`${grouped((largest * days * bytes) / 1e9, 2)} GB`);
    expect(cell('largest office, peak writes')).toBe(`${grouped((largest / 86_400) * peak, 1)} check-ins/s`);
    // The largest office is split by venue into databases kept at most half full.
    expect(cell('largest office, databases by venue')).toBe(String(Math.ceil((largest * days * bytes) / (limit / 2))));
  });
});
