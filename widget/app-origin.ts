/**
 * The luca app's origin: where the loader script came from, and so where the frame, the API and
 * the popup live. The loader is a classic script that also runs as a module (a site may paste
 * either `<script src>` or `<script type="module" src>`): a classic script names itself in
 * document.currentScript while it runs; a module does not, so then the page's script element
 * that loaded /widget/luca-checkin.js is found by its address.
 */
const LOADER_PATH = '/widget/luca-checkin.js';

export function loaderOrigin(): string {
  const current = document.currentScript;
  const src =
    current instanceof HTMLScriptElement && current.src
      ? current.src
      : [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find(
          (script) => new URL(script.src, location.href).pathname === LOADER_PATH,
        )?.src;
  return new URL(src ?? location.href, location.href).origin;
}
