/**
 * The guest app's wiring of warning-service.ts to the browser: the API, the device's store, the
 * pinned root, the service worker's notifications and Periodic Background Sync. Used by the page
 * and by the service worker (web/guest/warning-sw.ts), so both match and notify alike.
 */
import { revocationMemory } from '../../client/revocation-memory.ts';
import { call } from '../../client/api.ts';
import type { Lang } from '../../client/i18n.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { directoryRoutes } from '../../protocol/api/directory.ts';
import { warningRoutes } from '../../protocol/api/warnings.ts';
import { type ReceivedWarning, guestStore } from './guest-store.ts';
import { type RefreshResult, type WarningDependencies, acknowledgeWarning, refreshWarnings } from './warning-service.ts';

/** The tag of the periodic background sync that checks the feed while the app is closed. */
export const WARNING_SYNC_TAG = 'luca-warnings';
/** How often an open app in front checks the feed: with the feed's 15 s max-age, a warning is on screen within about 45 s. */
export const FEED_POLL_MS = 30_000;
/** The browser's lower bound for background checks is its own (Chromium: about 12 h for a little-used app); this is what the app asks. */
const BACKGROUND_INTERVAL_MS = 15 * 60_000;

export function warningDependencies(onRejected?: WarningDependencies['onRejected']): WarningDependencies {
  return {
    root: PINNED_ROOT_PUBLIC_KEY,
    fetchFeed: (after) => call(warningRoutes.feed, { query: { after: String(after) } }),
    fetchHead: async () => (await call(warningRoutes.feed, { query: { head: '1' } })).cursor,
    office: async (officeId) => {
      const entry = await call(directoryRoutes.office, { params: { officeId } });
      return { certificate: entry.certificate, revocation: entry.revocation, highestSerialSeen: revocationMemory.highest(officeId) };
    },
    rememberRevocation: (officeId, serial) => revocationMemory.remember(officeId, serial),
    store: guestStore,
    ...(onRejected ? { onRejected } : {}),
  };
}

/** One check of the feed; concurrent callers (timer, visibility, a message from the worker) share the run. */
let running: Promise<RefreshResult> | undefined;
export function checkWarnings(): Promise<RefreshResult> {
  running ??= refreshWarnings(
    warningDependencies((entry, reason) => console.warn('warning feed entry refused', entry.seq, reason)),
  ).finally(() => {
    running = undefined;
  });
  return running;
}

export const notificationText = {
  de: {
    title: 'Warnung vom Gesundheitsamt',
    body: (venue: string) => `Du warst zur selben Zeit wie eine infizierte Person hier: ${venue}. Tippe für die Empfehlung.`,
    withdrawnTitle: 'Warnung zurückgezogen',
    withdrawnBody: (venue: string) => `Das Gesundheitsamt hat die Warnung für ${venue} zurückgezogen.`,
  },
  en: {
    title: 'Warning from the health office',
    body: (venue: string) => `You were at the same time as an infected person here: ${venue}. Tap for the advice.`,
    withdrawnTitle: 'Warning withdrawn',
    withdrawnBody: (venue: string) => `The health office has withdrawn the warning for ${venue}.`,
  },
} satisfies Record<Lang, unknown>;

/** The venue's name as the device stored it with the stay (the warning itself names the venue only by id). */
export async function venueNameOf(received: ReceivedWarning): Promise<string> {
  for (const id of received.checkInIds) {
    const stay = await guestStore.stay(id);
    if (stay) return stay.venueName;
  }
  return '';
}

/**
 * Shows a system notification per warning not yet notified, through the service worker (a page's
 * `new Notification` is not allowed on Android), and marks each notified. Without permission nothing
 * is shown: the app's own screen still is.
 */
export async function notifyWarnings(
  registration: ServiceWorkerRegistration | undefined,
  result: RefreshResult,
  lang: Lang,
): Promise<void> {
  const text = notificationText[lang];
  const granted = typeof Notification !== 'undefined' && Notification.permission === 'granted';
  for (const received of result.added) {
    if (received.notified) continue;
    if (granted && registration)
      await registration.showNotification(text.title, {
        body: text.body(await venueNameOf(received)),
        tag: received.warning.warningId,
        data: { warningId: received.warning.warningId },
        requireInteraction: true,
      });
    await guestStore.saveWarning({ ...received, notified: true });
  }
  for (const received of result.withdrawn)
    if (granted && registration)
      await registration.showNotification(text.withdrawnTitle, {
        body: text.withdrawnBody(await venueNameOf(received)),
        tag: received.warning.warningId,
        data: { warningId: received.warning.warningId },
      });
}

/** The page's service-worker registration, if there is one (none in development or without support). */
export async function serviceWorkerRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  return navigator.serviceWorker.getRegistration();
}

/**
 * Asks for notification permission: only after a check-in the guest just made (never on first
 * open), and only once; the answer is the browser's. Then asks for background checks, which
 * Chromium grants only to an installed app.
 */
export async function askForNotifications(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  await registerBackgroundCheck();
  return permission;
}

interface PeriodicSyncManager {
  register(tag: string, options: { minInterval: number }): Promise<void>;
}

/** Registers the periodic background check where the browser offers it (an installed app in Chromium). */
export async function registerBackgroundCheck(): Promise<void> {
  const registration = await serviceWorkerRegistration();
  if (!registration) return;
  const periodicSync: unknown = Reflect.get(registration, 'periodicSync');
  if (!isPeriodicSyncManager(periodicSync)) return;
  try {
    await periodicSync.register(WARNING_SYNC_TAG, { minInterval: BACKGROUND_INTERVAL_MS });
  } catch (error) {
    // Not installed, or refused by the browser: the app still checks whenever it is opened.
    console.info('no periodic background sync', error);
  }
}

function isPeriodicSyncManager(value: unknown): value is PeriodicSyncManager {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'register') === 'function';
}

/** "Verstanden": acknowledges each stay the warning concerns, with that stay's secret. */
export function acknowledge(warningId: string): Promise<ReceivedWarning | undefined> {
  return acknowledgeWarning(warningId, {
    stays: (id) => guestStore.stay(id),
    warning: (id) => guestStore.warning(id),
    saveWarning: (received) => guestStore.saveWarning(received),
    send: async (id, checkInId, secret) => {
      await call(warningRoutes.read, { params: { warningId: id }, body: { checkInId, secret } });
    },
    pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
