/**
 * Registers the Workbox service worker built by vite-plugin-pwa (precached app shell, so the app
 * opens offline) and reports a waiting new version, so that the app can offer an update instead
 * of swapping code under the guest's feet.
 */
import { Workbox } from 'workbox-window';

export function registerServiceWorker(onUpdateReady: (apply: () => void) => void, script = '/sw.js', scope = '/'): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const workbox = new Workbox(script, { scope });
  workbox.addEventListener('waiting', () => {
    onUpdateReady(() => {
      workbox.addEventListener('controlling', () => location.reload());
      workbox.messageSkipWaiting();
    });
  });
  void workbox.register();
}

/** The runtime cache of venue cards and office keys (see vite.config.ts), emptied on "delete all". */
export const API_CACHE_NAME = 'luca-api';
