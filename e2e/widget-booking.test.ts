/**
 * The <luca-checkin> widget on a venue's own website (issue 5): the demo restaurant's booking
 * page on another origin embeds it; the guest's data is typed into the app's frame, encrypted
 * there, and the host page only learns that someone registered (trust model 13). Cancelling the
 * booking deletes the registration; a website the venue did not allow cannot embed it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { openInnerLayer, openOuterLayer } from '../protocol/checkin.ts';
import { importPrivateJwk } from '../protocol/keys.ts';
import { encodeVenueQrPayload } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { query, rawStateBytes } from './support/d1.ts';
import { fillContactForm, identifyingValues, onboard, sampleContact, text } from './support/guest.ts';
import { venueDate, venueInstant } from './support/venue-clock.ts';
import { hostVisibleText, widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const hostsOrigin = inject('hostsOrigin');
const persistTo = inject('persistTo');
let world: DemoWorld;
let browser: Browser;

beforeAll(async () => {
  world = await loadDemoWorld();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

interface Row {
  id: string;
  venue_id: string;
  day: string;
  office_key_id: string;
  arrival_bucket: number;
  departure_bucket: number | null;
  ciphertext: string;
}

const guest = {
  firstName: 'Ottilie',
  lastName: 'Quastenberg',
  street: 'Lindenhof',
  houseNumber: '9',
  postcode: '10117',
  city: 'Berlin',
  country: 'DE',
  phone: '+49 171 5550199',
  email: 'ottilie.q@example.org',
};

/** A booked evening a week ahead (within the days an office publishes keys for), as frame parameters. */
function slotNextWeek(): string {
  const start = new Date(Date.now() + 7 * 86_400_000);
  start.setUTCHours(18, 0, 0, 0);
  return new URLSearchParams({ start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() }).toString();
}

describe('the widget on a restaurant’s booking page', () => {
  it('pre-registers the guest for the booked table, keeps the contact data out of the host page, and cancels', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${hostsOrigin}/booking.html`);
    await page.locator('#time').fill('19:30');
    await page.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
    const frame = await widgetFrame(page);
    await frame.getByText('Kontaktdaten für Café Demo').waitFor();
    // The booking's time and table reach the frame in the fragment, never the server.
    const src = new URL((await page.locator('luca-checkin iframe').getAttribute('src')) ?? '');
    expect([...new URLSearchParams(src.search).keys()]).toEqual(['venue']);
    expect(new URLSearchParams(src.hash.slice(1)).get('ref')).toBe('Tisch für 2');
    await fillContactForm(frame, guest);
    await expect.poll(() => text(page, 'events'), { timeout: 20_000 }).toMatch(/^registered [A-Za-z0-9_-]{22} R-\d+$/);
    const checkInId = (await text(page, 'events'))?.split(' ')[1] ?? '';

    // The row covers the booked window (tomorrow 19:30 + 2 h in the restaurant's zone, wherever the device is) as buckets.
    const [row] = query<Row>(persistTo, `SELECT * FROM checkins WHERE id = '${checkInId}'`);
    if (!row) throw new Error('the registration is not stored');
    const start = venueInstant(venueDate(1), '19:30');
    expect(row.arrival_bucket).toBe(start);
    expect(row.departure_bucket).toBe(start + 2 * 3_600_000);
    expect(row.venue_id).toBe(world.venue.card.venueId);

    // Ciphertext only; the venue and the office together get exactly the typed data back.
    const raw = rawStateBytes(persistTo);
    for (const value of [guest.lastName, guest.phone, guest.street]) expect(raw.includes(Buffer.from(value))).toBe(false);
    const context = { id: row.id, venueId: row.venue_id, day: row.day, officeKeyId: row.office_key_id };
    const outer = await openOuterLayer(
      await importPrivateJwk(world.venue.encryptionPrivateJwk, 'encryption'),
      fromBase64Url(world.venue.card.encryptionKey),
      context,
      row.ciphertext,
    );
    expect(outer.reference).toBe('Tisch für 2');
    const daily = world.office.dailyKeys.find((entry) => entry.key.keyId === row.office_key_id);
    if (!daily) throw new Error('unknown office key');
    expect(daily.key.day).toBe(row.day);
    const inner = await openInnerLayer(
      await importPrivateJwk(daily.privateJwk, 'encryption'),
      fromBase64Url(daily.key.publicKey),
      context,
      outer.inner,
    );
    expect(inner.contact).toEqual(guest);

    // The host page's own JavaScript finds nothing of what the guest typed.
    const visible = await hostVisibleText(page);
    expect(visible.frameReadable).toBe(false);
    expect(visible.text).toContain('Tisch für 2'); // the walk does see the page and the element
    expect(visible.text).toContain(checkInId);
    for (const value of identifyingValues(guest)) expect(visible.text).not.toContain(value);

    await page.getByRole('button', { name: 'Reservierung stornieren' }).click();
    await expect.poll(() => text(page, 'events')).toBe(`cancelled ${checkInId}`);
    // The page shows the cancelled booking, no longer a confirmed one.
    await expect.poll(() => text(page, 'booking-state')).toBe('Reservierung storniert');
    expect(await page.getByRole('heading', { name: 'Reservierung bestätigt' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reservierung stornieren' }).isVisible()).toBe(false);
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE id = '${checkInId}'`)[0]?.n).toBe(0);
  });

  it('lets a guest with the app confirm their saved data in the app’s popup instead of typing', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const app = await context.newPage();
    await onboard(app, origin, sampleContact);
    const page = await context.newPage();
    await page.goto(`${hostsOrigin}/booking.html`);
    await page.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
    const frame = await widgetFrame(page);
    const popupOpened = context.waitForEvent('page');
    await frame.getByRole('button', { name: 'Meine gespeicherten luca-Daten verwenden' }).click();
    const popup = await popupOpened;
    expect(new URL(popup.url()).origin).toBe(origin);
    await popup.getByText('Café Demo bittet um deine Kontaktdaten').waitFor();
    const saved = (await text(popup, 'saved-contact')) ?? '';
    // The saved data as the app keeps it, new fields included: house number, country, e-mail.
    for (const shown of [
      sampleContact.lastName,
      'Kastanienallee 77, 10435 Berlin',
      'Deutschland',
      sampleContact.phone,
      sampleContact.email ?? '',
    ])
      expect(saved).toContain(shown);
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.getByRole('button', { name: 'Bestätigen und registrieren' }).click();
    await expect.poll(() => text(page, 'events'), { timeout: 20_000 }).toMatch(/^registered /);
    await expect.poll(() => popup.isClosed()).toBe(true);

    const visible = await hostVisibleText(page);
    for (const value of identifyingValues(sampleContact)) expect(visible.text).not.toContain(value);
    // The visit is in the app's history, ready to be shared with a health office.
    await app.reload();
    await app.getByRole('button', { name: 'Besuche' }).click();
    await expect
      .poll(async () => (await app.locator('[data-testid="history"] li').allTextContents()).join(' '))
      .toContain('Café Demo · Tisch für 2');
  });

  it('refuses to be embedded by a website the venue did not allow', async () => {
    // The same page served as http://localhost:<port>: another origin than the allowed 127.0.0.1.
    const stranger = hostsOrigin.replace('127.0.0.1', 'localhost');
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const warnings: string[] = [];
    page.on('console', (message) => (message.type() === 'warning' ? warnings.push(message.text()) : undefined));
    await page.goto(`${stranger}/booking.html`);
    await page.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
    await expect.poll(() => text(page, 'events')).toContain('error origin_not_allowed');
    // The guest reads the page's language; the site's developer reads which website and how to fix it.
    await expect
      .poll(async () => (await page.locator('luca-checkin [part="message"]').allTextContents()).join(' '))
      .toBe('Diese Website darf das luca-Formular dieses Betriebs nicht einbinden.');
    expect(await text(page, 'events')).toContain(stranger);
    expect(warnings.join(' ')).toContain('origin_not_allowed');

    // A page that frames the form directly gets nothing: the browser blocks it (frame-ancestors).
    const frameUrl = `${origin}/widget/frame?venue=${encodeVenueQrPayload(world.venue.qr)}#mode=booking&${slotNextWeek()}`;
    // Wait for the frame's load event (a blocked frame loads the browser's error page).
    await page.evaluate(
      (src) =>
        new Promise<void>((resolve) => {
          const frame = document.createElement('iframe');
          frame.id = 'direct';
          frame.addEventListener('load', () => resolve(), { once: true });
          frame.src = src;
          document.body.append(frame);
        }),
      frameUrl,
    );
    const direct = page
      .frames()
      .find(
        (candidate) =>
          candidate.parentFrame() === page.mainFrame() && candidate !== page.mainFrame() && !candidate.url().includes('luca-checkin'),
      );
    expect(direct).toBeDefined();
    expect(await direct?.locator('luca-contact-form').count()).toBe(0);

    // The same direct frame on the allowed origin does load the form (the check above can fail).
    const allowed = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await allowed.goto(`${hostsOrigin}/`);
    await allowed.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, frameUrl);
    await expect
      .poll(
        async () => {
          const child = allowed.frames().find((candidate) => candidate !== allowed.mainFrame());
          return child ? child.locator('luca-contact-form').count() : 0;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
  });

  it('has no serious accessibility violations in the form (booking, kiosk, English, with errors) or the popup', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const venue = encodeVenueQrPayload(world.venue.qr);
    const slot = slotNextWeek();
    for (const query of [`mode=booking&${slot}`, 'mode=kiosk', `mode=ticket&${slot}&lang=en&ref=Saal%202`]) {
      await page.goto(`${origin}/widget/frame?venue=${venue}#${query}`);
      await page.locator('luca-contact-form input[name="firstName"]').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    }
    await page.locator('luca-contact-form button[type="submit"]').click();
    await expect.poll(() => page.locator('luca-contact-form [aria-invalid="true"]').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    // A venue attribute whose key does not match the venue's signed card is refused (trust model 4).
    const swapped = encodeVenueQrPayload({ ...world.venue.qr, encryptionKey: world.cinema.card.encryptionKey });
    await page.goto(`${origin}/widget/frame?venue=${swapped}#mode=booking&${slot}`);
    await expect.poll(async () => (await page.getByRole('alert').allTextContents()).join(' ')).toContain('konnte nicht bestätigt werden');
    expect(await page.locator('luca-contact-form').count()).toBe(0);
    // Opened by anything but the widget's frame (here: directly), the popup does nothing.
    await page.goto(`${origin}/widget/use-saved#venue=${venue}&mode=booking&${slot}&nonce=abc`);
    await expect.poll(async () => (await page.getByRole('alert').allTextContents()).join(' ')).toContain('nur aus dem luca-Formular');
    expect(await page.locator('luca-use-saved').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
