/**
 * The kiosk as a tablet at the door (issue "Real cases, real newcomers"): at 1280x800, 1024x768
 * and 800x1280 the QR code is whole and inside the screen with nothing to scroll, the form beside
 * or below it is usable (scrolling inside its own frame); the operator's controls are hidden;
 * Back and reload stay in the kiosk; leaving needs the operator's passkey, which a guest cannot
 * give (no user verification, or another account's passkey); a walk-in without checkout is
 * stored without a departure.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { fillContactForm, text } from './support/guest.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator, syncPasskeys } from './support/venue.ts';
import { widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
  { width: 800, height: 1280 },
] as const;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Where the QR code is, and whether the page itself can scroll either way. */
function layout(page: Page) {
  return page.evaluate(() => {
    const app = document.querySelector('luca-venue-app');
    const kiosk = app?.shadowRoot?.querySelector('luca-kiosk-screen')?.shadowRoot?.querySelector('luca-kiosk-code');
    const svg = kiosk?.shadowRoot?.querySelector('[data-testid="kiosk-qr"] svg');
    const frame = kiosk?.shadowRoot?.querySelector('luca-checkin')?.shadowRoot?.querySelector('iframe');
    const box = (element: Element | null | undefined) => {
      const rect = element?.getBoundingClientRect();
      return rect
        ? { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, width: rect.width, height: rect.height }
        : undefined;
    };
    const root = document.scrollingElement ?? document.documentElement;
    return {
      qr: box(svg),
      frame: box(frame),
      viewport: { width: innerWidth, height: innerHeight },
      scroll: { width: root.scrollWidth, height: root.scrollHeight },
    };
  });
}

describe('kiosk mode', () => {
  it('fits the QR code and the form on three tablet screens, hides the operator’s controls, and leaves only with the operator’s passkey', async () => {
    const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true, viewport: SIZES[0] });
    const tablet = await context.newPage();
    const authenticator = await addAuthenticator(tablet);
    await signUpOperator(tablet, origin, 'Theater an der Tür');
    const { kitPath, kit, passphrase } = await createVenueUpToKit(tablet, { name: 'Theater an der Tür', postcode: '10115', areas: [] });
    await restoreKit(tablet, kitPath, passphrase);
    await tablet.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
    await tablet.getByRole('link', { name: 'Kiosk-Bildschirm für den Eingang' }).click();
    await tablet.locator('[data-testid="kiosk-qr"] svg').waitFor();

    for (const size of SIZES) {
      await tablet.setViewportSize(size);
      // The code is re-drawn for its area: wait until it sits inside the screen, then check everything.
      await expect
        .poll(async () => {
          const { qr } = await layout(tablet);
          return qr !== undefined && qr.bottom <= size.height && qr.right <= size.width && qr.width >= 250;
        })
        .toBe(true);
      const { qr, frame, viewport, scroll } = await layout(tablet);
      const label = `${size.width}x${size.height}`;
      expect(qr?.left, label).toBeGreaterThanOrEqual(0);
      expect(qr?.top, label).toBeGreaterThanOrEqual(0);
      // Square and whole: nothing of it hidden behind the form.
      expect(qr?.width, label).toBe(qr?.height);
      if (!qr || !frame) throw new Error(`${label}: no QR code or form`);
      const overlaps = qr.left < frame.right && frame.left < qr.right && qr.top < frame.bottom && frame.top < qr.bottom;
      expect(overlaps, label).toBe(false);
      // Nothing to scroll on the page, either way; the form's frame is on screen and tall enough to use.
      expect(scroll.width, label).toBeLessThanOrEqual(viewport.width);
      expect(scroll.height, label).toBeLessThanOrEqual(viewport.height);
      expect(frame.bottom, label).toBeLessThanOrEqual(viewport.height);
      expect(frame.height, label).toBeGreaterThan(250);
    }
    await tablet.setViewportSize(SIZES[1]);

    // Operator controls are gone; the guest may still switch the language.
    for (const name of ['Abmelden', 'Bearbeiten', 'Neuen Ort anlegen'])
      expect(await tablet.getByRole('button', { name }).count(), name).toBe(0);
    for (const name of ['Zurück', /Anfragen der Gesundheitsämter/])
      expect(await tablet.getByRole('link', { name }).count(), String(name)).toBe(0);
    expect(await tablet.getByRole('button', { name: 'English' }).count()).toBe(1);
    expect(await seriousViolations(tablet)).toEqual([]);

    // A walk-in without the app: stored without a departure (an open stay), as the app stores one before checkout.
    const frame = await widgetFrame(tablet);
    await fillContactForm(frame, {
      firstName: 'Greta',
      lastName: 'Laufkundschaft',
      street: 'Am Tor 1',
      postcode: '10119',
      city: 'Berlin',
      phone: '+49 30 9988771',
    });
    await frame.getByText('Eingecheckt. Schönen Aufenthalt!').waitFor();
    const rows = query<{ arrival_bucket: number; departure_bucket: number | null }>(
      persistTo,
      `SELECT arrival_bucket, departure_bucket FROM checkins WHERE venue_id = '${kit.venueId}'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.departure_bucket).toBeNull();

    // Another tab, even at a typed address of the venue app, shows the kiosk too.
    const kioskHash = `#/kiosk/${kit.venueId}`;
    const second = await context.newPage();
    await second.goto(`${origin}/venue/#/venue/${kit.venueId}/edit`);
    await expect.poll(() => new URL(second.url()).hash).toBe(kioskHash);
    await second.locator('luca-kiosk-code').waitFor();
    expect(await second.getByRole('button', { name: 'Bearbeiten' }).count()).toBe(0);
    await second.close();
    // Back and a reload land on the kiosk again.
    await tablet.goBack();
    await expect.poll(() => new URL(tablet.url()).hash).toBe(kioskHash);
    await tablet.reload();
    await tablet.locator('[data-testid="kiosk-qr"] svg').waitFor();
    expect(await tablet.getByRole('button', { name: 'Abmelden' }).count()).toBe(0);

    // A guest at the tablet cannot pass the passkey's user verification: the kiosk stays.
    await authenticator.session.send('WebAuthn.setUserVerified', { authenticatorId: authenticator.authenticatorId, isUserVerified: false });
    await tablet.getByRole('button', { name: 'Kiosk beenden' }).click();
    await tablet.locator('[data-testid="kiosk-problem"]').waitFor();
    expect(await text(tablet, 'kiosk-problem')).not.toMatch(/operation|timed out|not allowed/i);
    expect(new URL(tablet.url()).hash).toBe(kioskHash);

    // Nor with a passkey of another account (their own venue account): the kiosk stays, their session is dropped.
    const stranger = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const strangerKeys = await addAuthenticator(stranger);
    await signUpOperator(stranger, origin, 'Gast mit eigenem Konto');
    await authenticator.session.send('WebAuthn.setUserVerified', { authenticatorId: authenticator.authenticatorId, isUserVerified: true });
    const { credentials: own } = (await authenticator.session.send('WebAuthn.getCredentials', {
      authenticatorId: authenticator.authenticatorId,
    })) as { credentials: object[] };
    await authenticator.session.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.authenticatorId });
    await syncPasskeys(strangerKeys, authenticator);
    await tablet.getByRole('button', { name: 'Kiosk beenden' }).click();
    await tablet
      .locator('[data-testid="kiosk-problem"]')
      .getByText('Dieser Passkey gehört nicht zu dem Konto, das den Kiosk gestartet hat. Der Kiosk bleibt an.', { exact: true })
      .waitFor();
    expect(new URL(tablet.url()).hash).toBe(kioskHash);
    expect(await tablet.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);

    // The operator's own passkey ends it, back on the venue's screen (the entries before the reload
    // belong to another page load: the app does not go back through them).
    await authenticator.session.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.authenticatorId });
    for (const credential of own)
      await authenticator.session.send('WebAuthn.addCredential', {
        authenticatorId: authenticator.authenticatorId,
        credential: credential as never,
      });
    await tablet.getByRole('button', { name: 'Kiosk beenden' }).click();
    await tablet.locator('[data-testid="notice"]').getByText('Kiosk beendet.', { exact: true }).waitFor();
    expect(new URL(tablet.url()).hash).toBe(`#/venue/${kit.venueId}`);
    await tablet.getByRole('button', { name: 'Abmelden' }).waitFor();
    await tablet.reload();
    await tablet.getByRole('button', { name: 'Bearbeiten' }).waitFor();
    expect(await tablet.locator('luca-kiosk-code').count()).toBe(0);

    // Once more without a reload, after a guest switched the language (the form's frame navigates,
    // which adds entries to the tab's history): ending the kiosk still lands on the venue.
    await tablet.getByRole('link', { name: 'Kiosk-Bildschirm für den Eingang' }).click();
    await tablet.locator('[data-testid="kiosk-qr"] svg').waitFor();
    await tablet.getByRole('button', { name: 'English' }).click();
    await (await widgetFrame(tablet)).getByText('Welcome to Theater an der Tür', { exact: false }).waitFor();
    await tablet.getByRole('button', { name: 'Deutsch' }).click();
    await (await widgetFrame(tablet)).getByText('Willkommen bei Theater an der Tür').waitFor();
    await tablet.getByRole('button', { name: 'Kiosk beenden' }).click();
    await tablet.locator('[data-testid="notice"]').getByText('Kiosk beendet.', { exact: true }).waitFor();
    expect(new URL(tablet.url()).hash).toBe(`#/venue/${kit.venueId}`);
  });
});
