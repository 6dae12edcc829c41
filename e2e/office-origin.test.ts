/**
 * The health office's app on an origin of its own (PROTOCOL.md "Origins", trust model 12): a
 * script on the app origin (an injected one in the guest app, the venue app or a widget frame)
 * runs in the same browser as a signed-in office employee, and tries to reach the office's keys
 * and session. It finds no office storage, no service worker and no session on its origin, the
 * office's routes answer it 421, the office's origin answers it nothing readable, and a forged
 * write there changes nothing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { launchChromium } from './support/browser.ts';
import { joinDemoOffice } from './support/office.ts';
import { addAuthenticator } from './support/venue.ts';

const origin = inject('origin');
const officeOrigin = inject('officeOrigin');
const persistTo = inject('persistTo');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

interface Probe {
  databases: string[];
  workers: string[];
  officeRouteHere: number;
  sessionHere: number;
  /** 'blocked' when the browser refused to hand the page the answer (or the request). */
  officeRead: string;
  officeWrite: string;
  framedStorage: string;
}

describe('the office app on its own origin', () => {
  it('keeps its keys, session and routes out of reach of a script on the app origin', async () => {
    // CSP bypassed: the guest app's policy (connect-src 'self') would stop the probe's requests to
    // the office's origin before they left; the probe plays a script that got past it, so what
    // holds here is the origin boundary itself.
    const context = await browser.newContext({ locale: 'de-DE', bypassCSP: true });
    const office = await context.newPage();
    await addAuthenticator(office);
    // The app origin's /health/ leads to the office's own origin, where the employee joins.
    await office.goto(`${origin}/health/`);
    expect(new URL(office.url()).origin).toBe(officeOrigin);
    await joinDemoOffice(office, officeOrigin, persistTo, await loadDemoWorld(), 'Dr. Origin');
    const officeDatabases = await office.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''));
    expect(officeDatabases).toContain('luca-health');
    const session = (await context.cookies()).filter((cookie) => cookie.name === '__Host-luca-session');
    expect(session.map((cookie) => cookie.domain)).toEqual(['office.localhost']);

    // A script on the app origin, in the same browser: the guest app's page.
    const guest = await context.newPage();
    await guest.goto(`${origin}/`);
    const probe = await guest.evaluate(async (target): Promise<Probe> => {
      const outcome = async (attempt: () => Promise<Response>) => {
        try {
          const response = await attempt();
          return response.type === 'opaque' ? 'opaque' : `read ${response.status}`;
        } catch (error) {
          return error instanceof TypeError ? 'blocked' : String(error);
        }
      };
      const frame = document.createElement('iframe');
      frame.src = `${target}/health/`;
      document.body.append(frame);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      let framedStorage: string;
      try {
        framedStorage = String(frame.contentWindow?.localStorage.length);
      } catch (error) {
        framedStorage = error instanceof DOMException ? error.name : String(error);
      }
      return {
        databases: (await indexedDB.databases()).map((database) => database.name ?? ''),
        workers: (await navigator.serviceWorker.getRegistrations()).map((registration) => registration.scope),
        officeRouteHere: (await fetch('/api/office/cases')).status,
        sessionHere: (await fetch('/api/auth/session')).status,
        officeRead: await outcome(() => fetch(`${target}/api/office/cases`, { credentials: 'include' })),
        officeWrite: await outcome(() => fetch(`${target}/api/auth/logout`, { method: 'POST', credentials: 'include', mode: 'no-cors' })),
        framedStorage,
      };
    }, officeOrigin);
    expect(probe.databases).not.toContain('luca-health');
    expect(probe.workers.filter((scope) => scope.includes('/health'))).toEqual([]);
    expect(probe.officeRouteHere).toBe(421);
    expect(probe.sessionHere).toBe(401);
    // Unreadable: no CORS header for another origin, and API answers are same-origin resources.
    expect(probe.officeRead).toBe('blocked');
    expect(probe.officeWrite).toBe('blocked');
    expect(probe.framedStorage).toBe('SecurityError');

    // The forged sign-out changed nothing: the employee is still signed in. (Here the browser sent
    // no cookie with it: localhost and office.localhost are two sites, and the cookie is
    // SameSite=Strict. On a production domain both hosts are one site; there the Worker refuses
    // it for its Origin and its Sec-Fetch-Site, worker/http/origin-routing.test.ts.)
    expect(await office.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(200);
    await context.close();
  });
});
