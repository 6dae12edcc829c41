/**
 * The host page's look, applied in the frame (PROTOCOL.md "Widget", theming): colours, a radius and
 * a font family from the element's --luca-checkin-* properties, and the colour scheme. A value is
 * applied only if the browser accepts it for its kind (so nothing else can ride in: no url(), no
 * var()), and only while every pair of colours a guest reads keeps WCAG AA contrast; whatever is
 * refused is reported, so that the element can tell the site's developer in the console.
 */
import type { THEME_PROPERTIES } from '../../protocol/widget.ts';

type ThemeProperty = (typeof THEME_PROPERTIES)[number];
type Kind = 'color' | 'radius' | 'font';

export interface Rejected {
  name: string;
  value: string;
  reason: 'unsupported' | 'contrast';
}

const KINDS: Record<ThemeProperty, Kind> = {
  '--luca-checkin-font': 'font',
  '--luca-checkin-accent': 'color',
  '--luca-checkin-accent-ink': 'color',
  '--luca-checkin-ink': 'color',
  '--luca-checkin-muted': 'color',
  '--luca-checkin-error': 'color',
  '--luca-checkin-background': 'color',
  '--luca-checkin-input-background': 'color',
  '--luca-checkin-input-ink': 'color',
  '--luca-checkin-input-border': 'color',
  '--luca-checkin-radius': 'radius',
};

/** The pairs a guest must be able to read (text 4.5:1) or tell apart (a field's border, 3:1). */
const PAIRS: readonly { fore: ThemeProperty; back: ThemeProperty; minimum: number }[] = [
  { fore: '--luca-checkin-ink', back: '--luca-checkin-background', minimum: 4.5 },
  { fore: '--luca-checkin-muted', back: '--luca-checkin-background', minimum: 4.5 },
  { fore: '--luca-checkin-error', back: '--luca-checkin-background', minimum: 4.5 },
  { fore: '--luca-checkin-accent', back: '--luca-checkin-background', minimum: 4.5 },
  { fore: '--luca-checkin-accent-ink', back: '--luca-checkin-accent', minimum: 4.5 },
  { fore: '--luca-checkin-input-ink', back: '--luca-checkin-input-background', minimum: 4.5 },
  { fore: '--luca-checkin-input-border', back: '--luca-checkin-input-background', minimum: 3 },
];

const CSS_PROPERTY: Record<Kind, string> = { color: 'color', radius: 'border-radius', font: 'font-family' };
/** Functions that could fetch something or reach outside the value: never taken, whatever CSS.supports says. */
const FORBIDDEN = /url\(|image|var\(|env\(|attr\(|[;{}<>\\]/i;

/** The frame's own variable for a host property: --luca-checkin-ink -> --luca-brand-ink. */
export function brandVariable(name: string): string {
  return name.replace('--luca-checkin-', '--luca-brand-');
}

export function isThemeProperty(name: string): name is ThemeProperty {
  return Object.hasOwn(KINDS, name);
}

/** Whether the browser takes `value` for the property's kind (and nothing forbidden rides along). */
export function acceptable(name: ThemeProperty, value: string): boolean {
  return value.length <= 60 && !FORBIDDEN.test(value) && CSS.supports(CSS_PROPERTY[KINDS[name]], value);
}

/** sRGB channels 0…1 of any CSS colour the browser understands (a 1x1 canvas does the conversion). */
function rgba(color: string): [number, number, number, number] {
  const context = new OffscreenCanvas(1, 1).getContext('2d');
  if (!context) return [0, 0, 0, 1];
  context.clearRect(0, 0, 1, 1);
  context.fillStyle = '#000';
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0, a = 255] = context.getImageData(0, 0, 1, 1).data;
  return [r / 255, g / 255, b / 255, a / 255];
}

function luminance([r, g, b]: readonly number[]): number {
  const linear = (channel = 0) => (channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of `fore` drawn on `back` (a translucent colour blended onto what is under it). */
export function contrast(fore: string, back: string): number {
  const [br, bg, bb, ba] = rgba(back);
  const under = [br * ba + (1 - ba), bg * ba + (1 - ba), bb * ba + (1 - ba)];
  const [fr, fg, fb, fa] = rgba(fore);
  const over = [fr * fa + (under[0] ?? 1) * (1 - fa), fg * fa + (under[1] ?? 1) * (1 - fa), fb * fa + (under[2] ?? 1) * (1 - fa)];
  const [light, dark] = [luminance(over), luminance(under)].sort((a, b) => b - a);
  return ((light ?? 1) + 0.05) / ((dark ?? 0) + 0.05);
}

/** The colour a property resolves to in the frame now: the host's value, else the scheme's default. */
function resolved(name: ThemeProperty, chosen: ReadonlyMap<ThemeProperty, string>, defaults: CSSStyleDeclaration): string {
  return chosen.get(name) ?? defaults.getPropertyValue(brandVariable(name)).trim();
}

/**
 * Applies the host's values to the frame's root and returns what it refused: values the browser
 * does not take for their kind, and colours that would leave a pair below its contrast minimum
 * (the foreground is dropped first, then the background, until every pair holds).
 */
export function applyTheme(properties: Record<string, string>, scheme: 'light' | 'dark' | undefined): Rejected[] {
  const root = document.documentElement;
  if (scheme) root.dataset.scheme = scheme;
  else delete root.dataset.scheme;
  for (const name of Object.keys(KINDS)) root.style.removeProperty(brandVariable(name));
  const rejected: Rejected[] = [];
  const chosen = new Map<ThemeProperty, string>();
  for (const [name, raw] of Object.entries(properties)) {
    const value = raw.trim();
    if (!isThemeProperty(name) || value === '') continue;
    if (acceptable(name, value)) chosen.set(name, value);
    else rejected.push({ name, value, reason: 'unsupported' });
  }
  const defaults = getComputedStyle(root);
  for (let changed = true; changed;) {
    changed = false;
    for (const { fore, back, minimum } of PAIRS) {
      if (contrast(resolved(fore, chosen, defaults), resolved(back, chosen, defaults)) >= minimum) continue;
      const drop = chosen.has(fore) ? fore : chosen.has(back) ? back : undefined;
      if (!drop) continue;
      rejected.push({ name: drop, value: chosen.get(drop) ?? '', reason: 'contrast' });
      chosen.delete(drop);
      changed = true;
    }
  }
  for (const [name, value] of chosen) root.style.setProperty(brandVariable(name), value);
  return rejected;
}
