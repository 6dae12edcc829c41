/**
 * The timeline's template, checked in Node: Lit's Node build lets the element be constructed
 * without a browser, and its render() result is flattened to markup here. Layout in a real
 * browser is the e2e journey's job.
 */
import { type CSSResultGroup, type TemplateResult, nothing } from 'lit';
import { describe, expect, it } from 'vitest';
import { LucaOverlapTimeline } from './luca-overlap-timeline.ts';
import type { ContactStay, Stay } from './overlap.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Sat 28 Nov 2026, 19:00 in Berlin. */
const T0 = Date.UTC(2026, 10, 28, 18, 0);
const index: Stay = { from: T0, to: T0 + 2 * HOUR };
const window: Stay = { from: T0 - HOUR, to: T0 + 3 * HOUR };

function isTemplate(value: unknown): value is TemplateResult {
  return typeof value === 'object' && value !== null && 'strings' in value && 'values' in value;
}

/** The markup a template stands for (attribute bindings quoted, `nothing` dropped). */
function markup(value: unknown): string {
  if (value === nothing || value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(markup).join('');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isTemplate(value)) throw new Error(`markup: no text for a bound ${typeof value}`);
  return value.strings.reduce((out, part, i) => {
    if (i === 0) return part;
    const bound = markup(value.values[i - 1]);
    return out + (out.endsWith('=') ? `"${bound}"` : bound) + part;
  }, '');
}

function draw(stays: ContactStay[], lang: 'de' | 'en' = 'de'): string {
  const element = new LucaOverlapTimeline();
  element.index = index;
  element.window = window;
  element.stays = stays;
  element.lang = lang;
  return markup(element.render());
}

function rows(drawing: string): string[] {
  return [...drawing.matchAll(/<g class="row [^]*?<\/g>/g)].map((match) => match[0]);
}

const stays: ContactStay[] = [
  { id: 'late', label: 'Lena Spät', from: T0 + 150 * MINUTE, to: T0 + 170 * MINUTE, defaultStayMs: HOUR },
  { id: 'open', label: 'Otto Offen', from: T0 + HOUR, to: null, defaultStayMs: 90 * MINUTE },
  { id: 'early', label: 'Erika Früh', from: T0 - 50 * MINUTE, to: T0 + 15 * MINUTE, defaultStayMs: HOUR },
];

describe('<luca-overlap-timeline>', () => {
  it('sums up the contacts in its accessible name, in German and English', () => {
    const twelve = Array.from({ length: 12 }, (_, i): ContactStay => ({
      id: `c${i}`,
      label: `Gast ${i}`,
      from: i < 9 ? T0 + i * MINUTE : T0 + 3 * HOUR,
      to: null,
      defaultStayMs: 30 * MINUTE,
    }));
    expect(draw(twelve)).toContain('role="img" aria-label="Zeitachse: 12 Kontaktpersonen, 9 zeitgleich mit dem Indexfall anwesend"');
    expect(draw(twelve, 'en')).toContain('aria-label="Timeline: 12 contacts, 9 present at the same time as the index case"');
    expect(draw([])).toContain('aria-label="Zeitachse: keine Kontaktpersonen"');
    expect(draw(stays.slice(0, 1), 'en')).toContain('aria-label="Timeline: 1 contact, 0 present at the same time as the index case"');
  });

  it('draws one row per contact, in order of arrival, each with a title naming times and minutes together', () => {
    const drawn = rows(draw(stays));
    expect(drawn.map((row) => /data-id="([^"]+)"/.exec(row)?.[1])).toEqual(['early', 'open', 'late']);
    expect(drawn[0]).toContain('<title>Erika Früh: Sa., 28.11., 18:10 bis 19:15. 15 Minuten zeitgleich mit dem Indexfall</title>');
    expect(drawn[1]).toContain(
      '<title>Otto Offen: Sa., 28.11., 20:00 bis 21:30 (kein Checkout, übliche Aufenthaltsdauer angenommen). 60 Minuten zeitgleich mit dem Indexfall</title>',
    );
    expect(drawn[2]).toContain('<title>Lena Spät: Sa., 28.11., 21:30 bis 21:50. nicht zeitgleich mit dem Indexfall</title>');
    expect(rows(draw(stays, 'en'))[1]).toContain(
      '<title>Otto Offen: Sat 28/11, 20:00 to 21:30 (no checkout, usual length of stay assumed). 60 minutes at the same time as the index case</title>',
    );
  });

  it('tells overlapping contacts apart by more than colour: a ◆ marker, and hatching where the end was assumed', () => {
    const [early, open, late] = rows(draw(stays));
    expect(early).toMatch(/class="row together"/);
    expect(early).toContain('class="marker"');
    expect(early).not.toContain('url(#');
    expect(open).toMatch(/class="row together"/);
    expect(open).toMatch(/class="bar assumed"[^>]*fill="url\(#luca-timeline-\d+-together\)"/);
    expect(open).toContain('class="arrival"');
    expect(late).toMatch(/class="row apart"/);
    expect(late).not.toContain('class="marker"');
  });

  it('draws the index stay and the requested window as bands, and hour ticks on top', () => {
    const drawing = draw(stays);
    expect(drawing).toContain('<title>Aufenthalt des Indexfalls: Sa., 28.11., 19:00 bis 21:00</title>');
    expect(drawing).toContain('<title>Angefragter Zeitraum: Sa., 28.11., 18:00 bis 22:00</title>');
    const ticks = [...drawing.matchAll(/<text class="tick"[^>]*>(\d\d:\d\d)<\/text>/g)].map((match) => match[1]);
    expect(ticks).toEqual(['18:00', '19:00', '20:00', '21:00', '22:00']);
    expect(drawing).toContain('part="svg"');
    expect(drawing).toContain('width="100%"');
  });

  it('follows the time-zone property', () => {
    const element = new LucaOverlapTimeline();
    element.index = index;
    element.stays = [];
    element.timeZone = 'UTC';
    expect(markup(element.render())).toContain('<title>Aufenthalt des Indexfalls: Sa., 28.11., 18:00 bis 20:00</title>');
  });

  it('truncates long names, keeping the whole name in the title', () => {
    const long = 'Maximiliane Sophie von und zu Hohenzollern-Sigmaringen';
    const [row] = rows(draw([{ id: 'long', label: long, from: T0, to: T0 + HOUR, defaultStayMs: HOUR }]));
    const label = /<text class="label"[^>]*>([^<]*)<\/text>/.exec(row ?? '')?.[1] ?? '';
    expect(label.endsWith('…')).toBe(true);
    expect(long.startsWith(label.slice(0, -1))).toBe(true);
    expect(row).toContain(`<title>${long}: `);
  });

  it('draws a group check-in as one bar counting its people, with everyone named in the title and the summary', () => {
    const group: ContactStay = {
      id: 'group',
      label: 'Erika Mustermann',
      companions: ['Mia Mustermann', 'Leo Mustermann'],
      from: T0 + 30 * MINUTE,
      to: T0 + 90 * MINUTE,
      defaultStayMs: HOUR,
    };
    const drawing = draw([group, ...stays]);
    const drawn = rows(drawing);
    expect(drawn).toHaveLength(4);
    const bar = drawn.find((row) => row.includes('data-id="group"')) ?? '';
    expect(/<text class="label"[^>]*>([^<]*)<\/text>/.exec(bar)?.[1]).toBe('Erika Mustermann +2');
    expect(bar).toContain(
      '<title>Erika Mustermann mit Mia Mustermann und Leo Mustermann (3 Personen): Sa., 28.11., 19:30 bis 20:30. 60 Minuten zeitgleich mit dem Indexfall</title>',
    );
    // 6 persons in 4 check-ins; together: the group's 3, Erika Früh and Otto Offen.
    expect(drawing).toContain('aria-label="Zeitachse: 6 Kontaktpersonen in 4 Check-ins, 5 zeitgleich mit dem Indexfall anwesend"');
    expect(drawing).toContain('+n: mit n weiteren Personen eingecheckt (eine Gruppe)');
    const english = draw([group], 'en');
    expect(english).toContain('aria-label="Timeline: 3 contacts in 1 check-in, 3 present at the same time as the index case"');
    expect(english).toContain('<title>Erika Mustermann with Mia Mustermann and Leo Mustermann (3 people): ');
    // Without groups the summary and the key stay as they were.
    expect(draw(stays)).not.toContain('+n:');
  });

  it('cuts a long name in a group, never the count', () => {
    const long = 'Maximiliane Sophie von und zu Hohenzollern-Sigmaringen';
    const [row] = rows(draw([{ id: 'long', label: long, companions: ['A B'], from: T0, to: T0 + HOUR, defaultStayMs: HOUR }]));
    const label = /<text class="label"[^>]*>([^<]*)<\/text>/.exec(row ?? '')?.[1] ?? '';
    expect(label).toMatch(/… \+1$/);
  });

  it('draws nothing without an index stay', () => {
    expect(markup(new LucaOverlapTimeline().render())).toBe('');
  });

  it('keeps its default text colours at 4.5:1 or better on its background', () => {
    const css = [LucaOverlapTimeline.styles]
      .flat(Infinity as 1)
      .map((sheet) => (sheet as CSSResultGroup & { cssText: string }).cssText)
      .join('\n')
      .replace(/@media[^{]*\{[^]*?\}\s*\}/g, ''); // forced colours: system colours, not ours
    const declared = new Map(
      [...css.matchAll(/(--luca-[\w-]+):\s*([^;]+);/g)].map((match) => [match[1] ?? '', (match[2] ?? '').trim()] as const),
    );
    const resolve = (value: string): string => {
      const reference = /^var\((--[\w-]+)(?:,\s*(.+))?\)$/.exec(value);
      if (!reference) return value;
      return resolve(declared.get(reference[1] ?? '') ?? reference[2] ?? '');
    };
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((at) => {
        const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const contrast = (a: string, b: string) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
    };
    const background = resolve('var(--luca-timeline-background)');
    expect(background).toMatch(/^#[0-9a-f]{6}$/i);
    for (const text of ['--luca-timeline-ink', '--luca-timeline-muted'])
      expect(contrast(resolve(`var(${text})`), background)).toBeGreaterThanOrEqual(4.5);
    // Bars and outlines are graphics: 3:1 (WCAG 1.4.11); they meet the text ratio as well.
    for (const mark of ['--luca-timeline-overlap', '--luca-timeline-contact', '--luca-timeline-index'])
      expect(contrast(resolve(`var(${mark})`), background)).toBeGreaterThanOrEqual(4.5);
  });
});
