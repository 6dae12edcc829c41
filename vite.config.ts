import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Plugin, type UserConfig, defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The root public key is compiled into every bundle (trust model 3). A deployment sets
 * LUCA_ROOT_PUBLIC_KEY; locally it is the demo root that scripts/demo-world.ts created.
 */
function pinnedRootPublicKey(): string {
  const fromEnv = process.env.LUCA_ROOT_PUBLIC_KEY;
  if (fromEnv) return fromEnv;
  const demoFile = resolve(import.meta.dirname, '.local/demo-world.json');
  if (!existsSync(demoFile)) {
    throw new Error('No root key to pin: set LUCA_ROOT_PUBLIC_KEY, or run `npm run demo:world` to create the local demo root.');
  }
  const world = JSON.parse(readFileSync(demoFile, 'utf8')) as { root: { publicKey: string } };
  return world.root.publicKey;
}

const define = { __LUCA_ROOT_PUBLIC_KEY__: JSON.stringify(pinnedRootPublicKey()) };

/** The app icons, shared by the guest app's and the health office's manifests. */
const ICONS = [
  { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
  { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
];

/**
 * The widget is built after the app into dist/web/widget/ (`vite build --mode widget-frame`, then
 * `--mode widget-loader`): the frame page on its own, so it shares no chunk with the apps, and the
 * loader as one self-contained module that other websites load.
 */
const widgetFrame: UserConfig = {
  root: 'widget',
  base: '/widget/',
  publicDir: false,
  define,
  build: {
    outDir: '../dist/web/widget',
    emptyOutDir: false,
    target: 'es2022',
    rolldownOptions: { input: { frame: resolve(import.meta.dirname, 'widget/frame.html') } },
  },
};

/** The integration guide beside the loader, where the venue app's snippet points agencies (/widget/WIDGET.md). */
const publishWidgetGuide: Plugin = {
  name: 'luca-widget-guide',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'WIDGET.md', source: readFileSync(resolve(import.meta.dirname, 'docs/WIDGET.md'), 'utf8') });
  },
};

const widgetLoader: UserConfig = {
  publicDir: false,
  plugins: [publishWidgetGuide],
  build: {
    outDir: 'dist/web/widget',
    emptyOutDir: false,
    target: 'es2022',
    // An ordinary build of one script entry (library mode would keep the whitespace for bundlers):
    // one self-contained, minified script at a stable name, for other websites to load. A classic
    // script (IIFE, no import.meta): it runs whether a site pastes <script src> or <script
    // type="module" src>.
    rolldownOptions: {
      input: { 'luca-checkin': resolve(import.meta.dirname, 'widget/define.ts') },
      output: { entryFileNames: '[name].js', format: 'iife' },
    },
  },
};

/**
 * The health office's app at /health/, built on its own (`vite build --mode health`) so that its
 * bundle holds no guest or venue code and shares no chunk with them, with its own service worker
 * whose scope is /health/ only.
 */
const health: UserConfig = {
  root: 'web/health',
  base: '/health/',
  publicDir: false,
  define,
  plugins: [
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      filename: 'sw.js',
      scope: '/health/',
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        id: '/health/',
        name: 'luca Gesundheitsamt',
        short_name: 'luca GA',
        lang: 'de',
        start_url: '/health/',
        scope: '/health/',
        display: 'standalone',
        background_color: '#f5f7fb',
        theme_color: '#0b5cad',
        icons: ICONS,
      },
      workbox: {
        // The app shell only: no API answer (contact data, keys) is ever cached.
        globPatterns: ['**/*.{js,css,html,webmanifest}'],
        navigateFallback: '/health/index.html',
        navigateFallbackAllowlist: [/^\/health/],
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    outDir: '../../dist/web/health',
    emptyOutDir: false,
    target: 'es2022',
    rolldownOptions: { input: { health: resolve(import.meta.dirname, 'web/health/index.html') } },
  },
};

const app: UserConfig = {
  root: 'web',
  publicDir: 'public',
  define,
  plugins: [
    VitePWA({
      // The app asks before switching to a new version (client/service-worker.ts).
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        id: '/',
        name: 'luca – sicher einchecken',
        short_name: 'luca',
        description: 'Einchecken mit QR-Code; deine Kontaktdaten bleiben verschlüsselt auf deinem Gerät.',
        lang: 'de',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f7fb',
        theme_color: '#0b5cad',
        icons: [...ICONS, { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }],
      },
      workbox: {
        // The guest app's shell and shared chunks; the venue app is not precached on guests' phones.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['venue/**', 'widget/**', 'health/**', 'assets/venue-*', 'assets/use-saved-*', 'assets/outer-layer.worker-*'],
        // Check-in links (/c#…) open the precached app shell, also offline.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/venue/, /^\/health/, /^\/widget/],
        // Background checks of the warning feed and their notifications (built by `--mode warning-sw`).
        importScripts: ['/warning-sw.js'],
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // Venue cards and office keys, for check-ins at known venues without a connection.
            // Safe to cache: the app verifies both against pins and the root on every use.
            // No expiration plugin: it would keep its own IndexedDB of the URLs (which venues the
            // guest visited) that "delete all my data" could not remove while the worker runs.
            urlPattern: ({ url }) => url.pathname.startsWith('/api/venues/') || url.pathname.startsWith('/api/offices/'),
            handler: 'NetworkFirst',
            options: { cacheName: 'luca-api', networkTimeoutSeconds: 4 },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        guest: resolve(import.meta.dirname, 'web/index.html'),
        venue: resolve(import.meta.dirname, 'web/venue/index.html'),
        'use-saved': resolve(import.meta.dirname, 'web/widget/use-saved.html'),
      },
      // Shared chunks are named after a module in them ("venue-code" for protocol/venue-code.ts);
      // the prefix keeps them clear of the entries' names that the precache leaves out above.
      output: { chunkFileNames: 'assets/chunk-[name]-[hash].js' },
    },
  },
};

/**
 * The warning part of the guest app's service worker (web/guest/warning-sw.ts), built after the
 * app into dist/web/warning-sw.js as one classic script, which the Workbox worker loads with
 * importScripts: periodic background checks of the warning feed and their notifications.
 */
const warningWorker: UserConfig = {
  publicDir: false,
  define,
  build: {
    outDir: 'dist/web',
    emptyOutDir: false,
    target: 'es2022',
    rolldownOptions: {
      input: { 'warning-sw': resolve(import.meta.dirname, 'web/guest/warning-sw.ts') },
      output: { entryFileNames: '[name].js', format: 'iife' },
    },
  },
};

const builds: Record<string, UserConfig> = {
  'widget-frame': widgetFrame,
  'widget-loader': widgetLoader,
  'warning-sw': warningWorker,
  health,
};

export default defineConfig(({ mode }) => builds[mode] ?? app);
