import { LitElement, css, html, nothing, svg } from 'lit';
import { type Lang, catalogue, langFrom } from '../../client/i18n.ts';
import { theme } from '../../client/theme.ts';
import { type ContactStay, type Stay, effectiveEnd, overlapMs, personsOn, timelineScale } from './overlap.ts';
import { type TimelineMessages, timelineMessages } from './timeline-messages.ts';

/** Drawing units = CSS pixels once the element has measured itself; until then the SVG scales. */
const DEFAULT_WIDTH = 720;
/** Narrower than this, the drawing is laid out at this width and scaled down. */
const MIN_WIDTH = 320;
const AXIS_HEIGHT = 26;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;
const PAD_RIGHT = 20;
const PAD_BOTTOM = 4;
/** Space between a row's label and the chart, holding the ◆ marker of a contact who overlapped. */
const MARKER_GUTTER = 18;
const LABEL_FONT_SIZE = 13;
/** A generous advance of a bold 13 px character, where labels cannot be measured. */
const LABEL_CHAR_WIDTH = 8;

let instances = 0;

interface Row {
  stay: ContactStay;
  end: number;
  together: number;
  assumed: boolean;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

let measuring: CanvasRenderingContext2D | null | undefined;

/** The DOM as this module may find it: in Node (the unit tests) there is none, whatever the DOM types say. */
const dom = globalThis as { document?: Partial<Pick<Document, 'createElement'>>; getComputedStyle?: typeof getComputedStyle };

/** How wide `text` is drawn in `font`: measured on a canvas in a browser, estimated elsewhere (Node). */
function textWidth(text: string, font: string): number {
  measuring ??= dom.document?.createElement?.('canvas').getContext('2d') ?? null;
  if (!measuring) return Array.from(text).length * LABEL_CHAR_WIDTH;
  measuring.font = font;
  return measuring.measureText(text).width;
}

/** The label, or its longest start (whole code points) that fits `room` with an ellipsis; the full label is in the bar's title. */
function fitLabel(label: string, room: number, font: string): string {
  const chars = Array.from(label.trim());
  if (textWidth(chars.join(''), font) <= room) return chars.join('');
  let fits = 1;
  let tooLong = chars.length;
  while (tooLong - fits > 1) {
    const middle = (fits + tooLong) >> 1;
    if (textWidth(`${chars.slice(0, middle).join('')}…`, font) <= room) fits = middle;
    else tooLong = middle;
  }
  return `${chars.slice(0, fits).join('')}…`;
}

/** "Sa., 28.11., 19:05" and "21:00" (with the date again when the end is on another day), on the given clock. */
function timeFormatter(lang: Lang, timeZone: string): (from: number, to: number) => [string, string] {
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (from, to) => [dateTime.format(from), day.format(from) === day.format(to) ? time.format(to) : dateTime.format(to)];
}

/**
 * The overlap view of a case at one venue: one row per contact (by arrival), a bar for each stay,
 * the index case's stay as a highlighted band across all rows and the requested window as a
 * light band behind it, full hours on top. Bars of contacts who were there at the same time as
 * the index case are filled in the overlap colour and marked with ◆ and a bold label (not colour
 * alone); the others are outlined. Without a checkout the venue's usual stay is assumed: such a
 * bar is hatched with a dashed outline, its arrival a solid edge.
 *
 * For screen readers the drawing is one image whose label counts the contacts and those who
 * overlapped; each bar's title (shown on hover) names the contact, the times and the minutes
 * together with the index case. A group check-in is one bar (its persons were there together):
 * labelled with the first name and "+2", its title naming everyone and how many they were, and
 * the summary counting persons and check-ins.
 *
 * @csspart svg - the drawing
 * @csspart legend - the key below the drawing
 *
 * @cssproperty --luca-timeline-ink - labels and key (default --luca-ink, #14213d)
 * @cssproperty --luca-timeline-muted - hour labels (default --luca-muted, #4a5568)
 * @cssproperty --luca-timeline-background - behind everything; text colours must keep 4.5:1 on it (default --luca-paper, #ffffff)
 * @cssproperty --luca-timeline-grid - hour lines (default #cbd5e1)
 * @cssproperty --luca-timeline-window - the requested window's band (default #eef1f5)
 * @cssproperty --luca-timeline-index - the index case's band (edges; tinted inside) (default --luca-accent, #0b5cad)
 * @cssproperty --luca-timeline-overlap - bars and ◆ of contacts there at the same time (default #9a3412)
 * @cssproperty --luca-timeline-contact - outline of the other bars (default #4a5568)
 */
export class LucaOverlapTimeline extends LitElement {
  static override properties = {
    index: { attribute: false },
    window: { attribute: false },
    stays: { attribute: false },
    lang: { type: String },
    timeZone: { type: String, attribute: 'time-zone' },
    drawingWidth: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        --luca-timeline-ink: var(--luca-ink);
        --luca-timeline-muted: var(--luca-muted);
        --luca-timeline-background: var(--luca-paper);
        --luca-timeline-grid: #cbd5e1;
        --luca-timeline-window: #eef1f5;
        --luca-timeline-index: var(--luca-accent);
        --luca-timeline-overlap: #9a3412;
        --luca-timeline-contact: #4a5568;
        display: block;
        color: var(--luca-timeline-ink);
        background: var(--luca-timeline-background);
      }
      [part='svg'] {
        display: block;
        width: 100%;
        height: auto;
        font-size: 13px; /* LABEL_FONT_SIZE */
      }
      .tick {
        fill: var(--luca-timeline-muted);
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      .grid {
        stroke: var(--luca-timeline-grid);
        stroke-width: 1;
      }
      .window {
        fill: var(--luca-timeline-window);
      }
      .window-edge {
        stroke: var(--luca-timeline-muted);
        stroke-dasharray: 2 3;
      }
      .index {
        fill: var(--luca-timeline-index);
        fill-opacity: 0.14;
      }
      .index-edge {
        stroke: var(--luca-timeline-index);
        stroke-width: 2;
      }
      .label {
        fill: var(--luca-timeline-ink);
      }
      .together .label {
        font-weight: 700;
      }
      .bar {
        stroke-width: 1.5;
      }
      .together .bar {
        stroke: var(--luca-timeline-overlap);
      }
      .together .bar:not(.assumed) {
        fill: var(--luca-timeline-overlap);
      }
      .apart .bar {
        stroke: var(--luca-timeline-contact);
      }
      .apart .bar:not(.assumed) {
        fill: var(--luca-timeline-background);
      }
      .bar.assumed {
        stroke-dasharray: 4 2;
      }
      .arrival {
        stroke-width: 2.5;
      }
      .together .arrival,
      .marker {
        stroke: var(--luca-timeline-overlap);
        fill: var(--luca-timeline-overlap);
      }
      .apart .arrival {
        stroke: var(--luca-timeline-contact);
      }
      .hatch-ground {
        fill: var(--luca-timeline-background);
      }
      .hatch-together {
        stroke: var(--luca-timeline-overlap);
        stroke-width: 3;
      }
      .hatch-apart {
        stroke: var(--luca-timeline-contact);
        stroke-width: 1.5;
      }
      [part='legend'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.25rem;
        margin: 0.5rem 0 0;
        padding: 0;
        list-style: none;
        font-size: 0.9rem;
      }
      [part='legend'] li {
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      [part='legend'] svg {
        flex: none;
      }
      @media (forced-colors: active) {
        :host {
          --luca-timeline-ink: CanvasText;
          --luca-timeline-muted: CanvasText;
          --luca-timeline-background: Canvas;
          --luca-timeline-grid: GrayText;
          --luca-timeline-window: Canvas;
          --luca-timeline-index: Highlight;
          --luca-timeline-overlap: CanvasText;
          --luca-timeline-contact: CanvasText;
        }
      }
    `,
  ];

  /** The index case's stay at this venue. */
  declare index: Stay | undefined;
  /** The window the health office requested (the index stay ± a margin), drawn as a light band. */
  declare window: Stay | undefined;
  /** The contacts' stays, as decrypted; drawn in order of arrival. */
  declare stays: ContactStay[];
  declare lang: Lang;
  /** The clock for hour marks and times (IANA name). */
  declare timeZone: string;
  /** The width laid out, in CSS pixels: measured, at least MIN_WIDTH. */
  declare drawingWidth: number;
  /** Pattern ids must be unique per drawing. */
  private readonly uid = `luca-timeline-${++instances}`;
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.stays = [];
    this.lang = 'de';
    this.timeZone = 'Europe/Berlin';
    this.drawingWidth = DEFAULT_WIDTH;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver !== 'function') return;
    this.resizeObserver ??= new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      // Hidden (0) keeps the last layout; below the minimum the drawing scales down instead.
      if (measured > 0) this.drawingWidth = Math.max(MIN_WIDTH, measured);
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  private rows(index: Stay): Row[] {
    return [...this.stays]
      .sort((a, b) => a.from - b.from || a.label.localeCompare(b.label) || a.id.localeCompare(b.id))
      .map((stay) => ({ stay, end: effectiveEnd(stay), together: overlapMs(index, stay), assumed: stay.to === null }));
  }

  private bar(
    row: Row,
    y: number,
    x: (t: number) => number,
    labelWidth: number,
    fontFamily: string,
    messages: TimelineMessages,
    times: (from: number, to: number) => [string, string],
  ) {
    const { stay, end, together, assumed } = row;
    const [from, to] = times(stay.from, end);
    const who = stay.companions?.length ? messages.group(stay.label, stay.companions) : stay.label;
    const title = `${messages.stay(who, from, to)}${assumed ? ` (${messages.assumedEnd})` : ''}. ${together > 0 ? messages.together(Math.ceil(together / 60_000)) : messages.apart}`;
    const left = x(stay.from);
    const width = Math.max(2, x(end) - left);
    const top = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    const middle = y + ROW_HEIGHT / 2;
    const kind = together > 0 ? 'together' : 'apart';
    const font = `${together > 0 ? 700 : 400} ${LABEL_FONT_SIZE}px ${fontFamily}`;
    // A group's count stays visible whatever the name's length: the name is cut, not "+2".
    const more = stay.companions?.length ? ` +${stay.companions.length}` : '';
    const label = `${fitLabel(stay.label, labelWidth - MARKER_GUTTER - 4 - (more ? textWidth(more, font) : 0), font)}${more}`;
    return svg`<g class="row ${kind}" data-id=${stay.id}>
      <title>${title}</title>
      <text class="label" x=${labelWidth - MARKER_GUTTER} y=${middle} text-anchor="end" dominant-baseline="central">${label}</text>
      ${together > 0 ? svg`<path class="marker" d="M${labelWidth - MARKER_GUTTER / 2} ${middle - 5}l5 5l-5 5l-5 -5z" />` : nothing}
      <rect class="bar ${assumed ? 'assumed' : ''}" x=${left} y=${top} width=${width} height=${BAR_HEIGHT} rx="2" fill=${assumed ? `url(#${this.uid}-${kind})` : nothing} />
      ${assumed ? svg`<line class="arrival" x1=${left} x2=${left} y1=${top} y2=${top + BAR_HEIGHT} />` : nothing}
    </g>`;
  }

  private legend(messages: TimelineMessages, rows: readonly Row[]) {
    const swatch = (shape: unknown) => html`<svg width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">${shape}</svg>`;
    return html`<ul part="legend" aria-label=${messages.legend}>
      <li>${swatch(svg`<rect class="index" x="1" y="0" width="26" height="14" /><line class="index-edge" x1="1" x2="1" y1="0" y2="14" /><line class="index-edge" x1="27" x2="27" y1="0" y2="14" />`)}${messages.legendIndex}</li>
      ${this.window ? html`<li>${swatch(svg`<rect class="window" x="0" y="0" width="28" height="14" />`)}${messages.legendWindow}</li>` : nothing}
      <li>${swatch(svg`<g class="together"><rect class="bar" x="1" y="2" width="26" height="10" rx="2" /></g>`)}${messages.legendTogether}</li>
      <li>${swatch(svg`<g class="apart"><rect class="bar" x="1" y="2" width="26" height="10" rx="2" /></g>`)}${messages.legendApart}</li>
      ${
        rows.some((row) => row.assumed)
          ? html`<li>${swatch(svg`<g class="apart"><rect class="bar assumed" x="1" y="2" width="26" height="10" rx="2" fill=${`url(#${this.uid}-apart)`} /><line class="arrival" x1="1" x2="1" y1="2" y2="12" /></g>`)}${messages.legendAssumed}</li>`
          : nothing
      }
      ${rows.some((row) => row.stay.companions?.length) ? html`<li>${messages.legendGroup}</li>` : nothing}
    </ul>`;
  }

  override render() {
    const index = this.index;
    if (!index) return nothing;
    const lang = langFrom(this.lang);
    const messages = catalogue(timelineMessages, lang);
    const times = timeFormatter(lang, this.timeZone);
    const rows = this.rows(index);
    const together = rows.filter((row) => row.together > 0);
    // The summary counts people; check-ins too where a group makes them differ.
    const persons = rows.reduce((sum, row) => sum + personsOn(row.stay), 0);
    const personsTogether = together.reduce((sum, row) => sum + personsOn(row.stay), 0);
    const summary =
      persons === rows.length
        ? messages.summary(rows.length, together.length)
        : messages.summaryGroups(persons, rows.length, personsTogether);

    const width = this.drawingWidth;
    const labelWidth = clamp(Math.round(width * 0.3), 110, 220);
    const chartWidth = width - labelWidth - PAD_RIGHT;
    const height = AXIS_HEIGHT + rows.length * ROW_HEIGHT + PAD_BOTTOM;
    const bottom = height - PAD_BOTTOM;
    const scale = timelineScale(index, this.stays, chartWidth, this.timeZone);
    const x = (t: number) => labelWidth + clamp(scale.x(t), 0, chartWidth);
    const [indexFrom, indexTo] = times(index.from, index.to);
    // Labels are fitted in the font they are drawn in (the host's, from the theme).
    const fontFamily = dom.getComputedStyle?.(this).fontFamily || 'sans-serif';

    return html`<svg part="svg" role="img" aria-label=${summary} viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
        <defs>
          ${(['together', 'apart'] as const).map(
            (
              kind,
            ) => svg`<pattern id="${this.uid}-${kind}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect class="hatch-ground" width="6" height="6" />
              <line class="hatch-${kind}" x1="0" y1="0" x2="0" y2="6" />
            </pattern>`,
          )}
        </defs>
        ${
          this.window
            ? svg`<g>
              <title>${messages.requestedWindow(...times(this.window.from, this.window.to))}</title>
              <rect class="window" x=${x(this.window.from)} y=${AXIS_HEIGHT} width=${Math.max(0, x(this.window.to) - x(this.window.from))} height=${bottom - AXIS_HEIGHT} />
            </g>`
            : nothing
        }
        ${scale.ticks.map((tick) => {
          const at = labelWidth + tick.x;
          return svg`<line class="grid" x1=${at} x2=${at} y1=${AXIS_HEIGHT - 5} y2=${bottom} />
            <text class="tick" x=${at} y="14" text-anchor="middle">${tick.label}</text>`;
        })}
        <g>
          <title>${messages.indexStay(indexFrom, indexTo)}</title>
          <rect class="index" x=${x(index.from)} y=${AXIS_HEIGHT} width=${Math.max(0, x(index.to) - x(index.from))} height=${bottom - AXIS_HEIGHT} />
          <line class="index-edge" x1=${x(index.from)} x2=${x(index.from)} y1=${AXIS_HEIGHT - 5} y2=${bottom} />
          <line class="index-edge" x1=${x(index.to)} x2=${x(index.to)} y1=${AXIS_HEIGHT - 5} y2=${bottom} />
        </g>
        ${rows.map((row, i) => this.bar(row, AXIS_HEIGHT + i * ROW_HEIGHT, x, labelWidth, fontFamily, messages, times))}
      </svg>
      ${this.legend(messages, rows)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-overlap-timeline': LucaOverlapTimeline;
  }
}
