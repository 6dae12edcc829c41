/**
 * A person reads every failure in their own language, from the app's catalogue: never a server's
 * English `message`, a protocol detail or the browser's own text. Each failure a newcomer met is
 * provoked here through the UI, in German and in English, and the text on screen must be exactly
 * the catalogue's (client/error-messages.ts, the apps' messages), with none of what the
 * server or the browser said.
 */
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Lang } from '../client/i18n.ts';
import { errorMessages } from '../client/error-messages.ts';
import { healthMessages } from '../web/health/messages.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { launchChromium } from './support/browser.ts';
import { onboard, sampleContact, text } from './support/guest.ts';
import { joinDemoOffice } from './support/office.ts';
import { addAuthenticator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  world = await loadDemoWorld();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Every English `message` the server answered on this page, to be sure none of it is shown. */
function serverMessages(page: Page): string[] {
  const messages: string[] = [];
  page.on('response', (response: Response) => {
    if (response.status() < 400 || !response.url().includes('/api/')) return;
    void response
      .json()
      .then((body: unknown) => {
        const message = (body as { error?: { message?: unknown } }).error?.message;
        if (typeof message === 'string') messages.push(message);
      })
      .catch(() => undefined);
  });
  return messages;
}

/** All the text the page shows, shadow roots included. */
function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        if (element.shadowRoot) walk(element.shadowRoot);
        for (const node of Array.from(element.childNodes)) if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      }
    };
    walk(document);
    return parts.join(' ').replace(/\s+/g, ' ');
  });
}

const locales: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

describe.each(['de', 'en'] as const)('failures in %s', (lang) => {
  const api = errorMessages[lang].api;
  const t = healthMessages[lang];

  it('office app: an unknown code, a mistyped TAN, an unknown TAN and a cancelled passkey dialogue', async () => {
    const page = await (await browser.newContext({ locale: locales[lang] })).newPage();
    const said = serverMessages(page);
    await addAuthenticator(page);
    await page.goto(`${origin}/health/`);
    // A made-up code: the server says "unknown"; the app says it in the reader's language.
    await page.getByLabel(t.code).fill('ABCD-EFGH-JKMN-PQRS-TVWX-YZ01');
    await page.getByLabel(t.yourName).fill('Dr. Sprachtest');
    await page.getByRole('button', { name: t.join }).click();
    await page.getByText(api.unknown_code).waitFor();

    // A passkey dialogue that finds no passkey on this device (as one the person cancels).
    await page.getByRole('button', { name: t.signIn }).click();
    await page.getByText(errorMessages[lang].browser.NotAllowedError).waitFor();

    await joinDemoOffice(page, origin, persistTo, world, 'Dr. Sprachtest', lang);
    await page.getByRole('link', { name: t.navNew }).click();
    // A TAN with a typo (its check character does not match): caught in the browser.
    await page.getByLabel(t.tan).fill('7K2M9QXP4RTW');
    await page.getByRole('button', { name: t.openHistory }).click();
    await page.getByText(errorMessages[lang].protocol.bad_tan).waitFor();
    // A well-formed TAN nobody shared.
    await page.getByLabel(t.tan).fill('000000000000');
    await page.getByRole('button', { name: t.openHistory }).click();
    await page.getByText(api.unknown_tan).waitFor();

    const shown = await shownText(page);
    expect(said.length).toBeGreaterThan(0);
    for (const message of said) expect(shown).not.toContain(message);
    expect(shown).not.toMatch(/w3\.org|The operation either timed out|check character does not match/);
  });

  it('guest app: no connection, and a venue code that no venue has', async () => {
    const context = await browser.newContext({ locale: locales[lang] });
    const page = await context.newPage();
    const said = serverMessages(page);
    await onboard(page, origin, sampleContact, lang);
    const manual = page.locator('luca-manual-checkin input');
    // A code of the right form that no venue has.
    await manual.fill('7K2M-9QXP-4RTW-H8ND');
    await manual.press('Enter');
    await expect.poll(() => text(page, 'manual-error')).not.toBeNull();
    const unknown = (await text(page, 'manual-error')) ?? '';
    // Offline: the typed code cannot be looked up.
    await context.setOffline(true);
    await manual.fill('7K2M-9QXP-4RTW-H8NE');
    await manual.press('Enter');
    await expect.poll(() => text(page, 'manual-error')).toBe(errorMessages[lang].api.offline);
    await context.setOffline(false);
    const shown = await shownText(page);
    for (const message of said) expect(shown).not.toContain(message);
    expect(unknown).not.toMatch(/There is no venue/);
  });

  it('guest app: a daily key the server made up is refused in the guest’s language', async () => {
    // Without the service worker, whose own fetches the test's interception would not see.
    const context = await browser.newContext({ locale: locales[lang], serviceWorkers: 'block' });
    const page = await context.newPage();
    await onboard(page, origin, sampleContact, lang);
    // A dishonest server: the office's daily keys answered with one signature altered.
    await page.route('**/api/offices/*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { dailyKeys: { signature: string }[] };
      for (const key of body.dailyKeys)
        key.signature = `${key.signature.slice(0, 10)}${key.signature[10] === 'A' ? 'B' : 'A'}${key.signature.slice(11)}`;
      await route.fulfill({ response, json: body });
    });
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await page.getByRole('button', { name: lang === 'de' ? 'Einchecken' : 'Check in', exact: true }).click();
    await expect.poll(() => text(page, 'notice')).toContain(errorMessages[lang].protocol.bad_signature);
    expect(await shownText(page)).not.toMatch(/published no key|not signed/);
  });
});
