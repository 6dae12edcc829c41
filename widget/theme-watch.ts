/**
 * The host page's look for the frame, read from the element's computed --luca-checkin-*
 * properties and colour scheme, and sent again whenever it may have changed: a class or style
 * changed on the page, its root or the element (a site's dark-mode switch), or the system's
 * colour scheme. Only a change is sent.
 */
import { THEME_PROPERTIES } from '../protocol/widget.ts';

export interface HostTheme {
  properties: Record<string, string>;
  /** The page's own scheme where it pins one (`color-scheme: dark` or `light`), else the system's. */
  scheme: 'light' | 'dark';
}

export function readTheme(element: Element): HostTheme {
  const style = getComputedStyle(element);
  const properties: Record<string, string> = {};
  for (const name of THEME_PROPERTIES) {
    const value = style.getPropertyValue(name).trim();
    if (value) properties[name] = value;
  }
  const declared = style.colorScheme.trim();
  const scheme =
    declared === 'dark' || declared === 'light' ? declared : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  return { properties, scheme };
}

/** Calls `onChange` with the theme whenever it changes; returns the function that stops watching. */
export function watchTheme(element: Element, onChange: (theme: HostTheme) => void): () => void {
  let last = '';
  const check = () => {
    const theme = readTheme(element);
    const key = JSON.stringify(theme);
    if (key === last) return;
    last = key;
    onChange(theme);
  };
  const observer = new MutationObserver(check);
  // A document being parsed has no body yet, whatever the DOM types say.
  const watched: (Element | null)[] = [document.documentElement, document.body, element];
  for (const node of watched) if (node) observer.observe(node, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', check);
  check();
  return () => {
    observer.disconnect();
    media.removeEventListener('change', check);
  };
}
