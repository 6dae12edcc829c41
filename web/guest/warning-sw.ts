/**
 * The guest service worker's warning part, loaded into the Workbox worker with importScripts
 * (vite.config.ts, `--mode warning-sw`): a periodic background sync checks the feed while the app
 * is closed and shows a notification for each new warning; a tap on it opens the warning.
 */
import { langFrom } from '../../client/i18n.ts';
import { WARNING_SYNC_TAG, checkWarnings, notifyWarnings } from './warning-client.ts';

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SyncEventLike extends ExtendableEventLike {
  tag: string;
}
interface NotificationEventLike extends ExtendableEventLike {
  notification: Notification;
}
interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
  postMessage(message: unknown): void;
}
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: 'periodicsync' | 'notificationclick', listener: (event: Event) => void): void;
}

function isSyncEvent(event: Event): event is SyncEventLike {
  return typeof Reflect.get(event, 'tag') === 'string' && typeof Reflect.get(event, 'waitUntil') === 'function';
}
function isNotificationEvent(event: Event): event is NotificationEventLike {
  return Reflect.get(event, 'notification') instanceof Notification && typeof Reflect.get(event, 'waitUntil') === 'function';
}

// This script runs only inside the service worker, whose global object is the worker scope (the
// project's DOM types do not describe it).
const scope = globalThis as unknown as WorkerScope;

async function checkInBackground(): Promise<void> {
  const result = await checkWarnings();
  // The worker has no stored language choice: the browser's language decides.
  await notifyWarnings(scope.registration, result, langFrom(undefined));
  const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: 'luca-warnings-changed' });
}

scope.addEventListener('periodicsync', (event) => {
  if (isSyncEvent(event) && event.tag === WARNING_SYNC_TAG) event.waitUntil(checkInBackground());
});

scope.addEventListener('notificationclick', (event) => {
  if (!isNotificationEvent(event)) return;
  event.notification.close();
  const data: unknown = event.notification.data;
  const warningId: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'warningId') : undefined;
  const target = typeof warningId === 'string' ? `/#/warning/${encodeURIComponent(warningId)}` : '/#/visits';
  event.waitUntil(
    scope.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const open = windows[0];
      if (open) {
        await open.navigate(target);
        await open.focus();
      } else await scope.clients.openWindow(target);
    }),
  );
});
