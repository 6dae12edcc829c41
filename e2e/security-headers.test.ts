/**
 * The security headers of every kind of answer the deployment gives, read from the running server
 * (`wrangler dev`: the Worker for /api and /widget, Workers Static Assets with web/public/_headers
 * for the rest), because the static files' headers come from the assets engine, which Worker tests
 * do not run. One table: each kind, the paths that stand for it, the headers it must carry.
 */
import { describe, expect, inject, it } from 'vitest';
import { officeFetch } from './support/office-origin.ts';

const origin = inject('origin');
const officeOrigin = inject('officeOrigin');

/** From Node, the office's own origin is reached through the loopback address with its Host header. */
const get = (at: 'app' | 'office', path: string, redirect: RequestRedirect = 'follow') =>
  at === 'office' ? officeFetch(officeOrigin, path) : fetch(`${origin}${path}`, { redirect });

const HSTS = 'max-age=31536000; includeSubDomains';

type Expected = Record<string, string | RegExp | null>;

/** Every answer, whatever its kind. */
const EVERY: Expected = {
  'strict-transport-security': HSTS,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Static files of the guest and venue apps (web/public/_headers "/*"). */
const APP_FILES: Expected = {
  'content-security-policy': /^default-src 'self'; script-src 'self'; .*frame-ancestors 'none'$/,
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
};

/** The office app's files (web/public/_headers "/health/*"): a stricter policy, never cached. */
const OFFICE_FILES: Expected = {
  'content-security-policy': /^default-src 'none'; script-src 'self'; .*form-action 'none'; frame-ancestors 'none'$/,
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cache-control': 'no-store',
};

const API: Expected = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
};

/** The first file of `prefix` an HTML page loads (hashed names change with every build). */
async function firstAsset(page: string, prefix: string, at: 'app' | 'office' = 'app'): Promise<string> {
  const html = await (await get(at, page)).text();
  const found = new RegExp(`"(${prefix}[^"]+\\.js)"`).exec(html)?.[1];
  if (!found) throw new Error(`${page} loads no ${prefix}*.js`);
  return found;
}

/** A page moved to its own origin (worker/http/origin-routing.ts). */
const MOVED: Expected = { 'cache-control': 'no-store' };

const kinds: {
  kind: string;
  paths: () => string[] | Promise<string[]>;
  /** The origin asked: the app's (default) or the office's own. */
  at?: 'app' | 'office';
  status?: number;
  expected: Expected;
}[] = [
  { kind: 'guest page', paths: () => ['/', '/c'], expected: APP_FILES },
  { kind: 'venue page', paths: () => ['/venue/'], expected: APP_FILES },
  { kind: 'office page', paths: () => ['/health/'], at: 'office', expected: OFFICE_FILES },
  { kind: 'office page asked on the app origin', paths: () => ['/health/'], status: 308, expected: MOVED },
  {
    kind: 'app pages asked on the office origin',
    paths: () => ['/', '/venue/', '/widget/frame.html'],
    at: 'office',
    status: 308,
    expected: MOVED,
  },
  {
    kind: 'assets',
    paths: async () => [await firstAsset('/', '/assets/'), '/sw.js', '/manifest.webmanifest', '/icon.svg'],
    expected: APP_FILES,
  },
  {
    kind: 'office assets',
    paths: async () => [await firstAsset('/health/', '/health/assets/', 'office')],
    at: 'office',
    expected: OFFICE_FILES,
  },
  { kind: 'API', paths: () => ['/api/health', '/api/offices'], expected: API },
  { kind: 'API on the office origin', paths: () => ['/api/health', '/api/offices'], at: 'office', expected: API },
  { kind: 'API: the other origin’s route', paths: () => ['/api/office/me'], status: 421, expected: API },
  { kind: 'API: no such route', paths: () => ['/api/no-such-route'], status: 404, expected: API },
  { kind: 'API: refused input', paths: () => ['/api/venues/not-an-id'], status: 400, expected: API },
  {
    kind: 'widget frame',
    paths: () => ['/widget/frame.html'],
    expected: {
      'content-security-policy': /frame-ancestors 'self'$/,
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': null,
    },
  },
  {
    kind: 'widget loader',
    paths: () => ['/widget/luca-checkin.js'],
    expected: {
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'cache-control': 'public, max-age=300',
    },
  },
  { kind: 'widget assets', paths: async () => [await firstAsset('/widget/frame.html', '/widget/assets/')], expected: {} },
];

describe('security headers on every kind of answer', () => {
  it.each(kinds)('$kind', async ({ paths, at, status, expected }) => {
    for (const path of await paths()) {
      // A page moved to the other origin is read as the move itself, not followed.
      const response = await get(at ?? 'app', path, status === 308 ? 'manual' : 'follow');
      await response.arrayBuffer();
      expect(response.status, path).toBe(status ?? 200);
      for (const [name, value] of Object.entries({ ...EVERY, ...expected })) {
        const actual = response.headers.get(name);
        if (value === null) expect(actual, `${path}: ${name}`).toBeNull();
        else if (typeof value === 'string') expect(actual, `${path}: ${name}`).toBe(value);
        else expect(actual ?? '', `${path}: ${name}`).toMatch(value);
      }
    }
  });
});
