/**
 * Groups in the <luca-checkin> widget (issue 14): a table for four booked with `party-size`, a
 * cinema's seats with `seats`, a size the guest chooses, and the kiosk's "add another person".
 * Each group is ONE check-in whose inner layer holds the booker's contact and the further persons
 * as companions (opened here with the demo venue's and office's keys). The host page plays the
 * attacker: its own script listens to every event, every window message and every message its
 * MessagePorts receive, and reads its DOM, console and storage; it finds none of what anyone typed
 * (trust model 13).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../protocol/time.ts';
import { encodeVenueQrPayload } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { fillContactForm, identifyingValues, sampleContact } from './support/guest.ts';
import { type HostServer, startHostServer } from './support/host-server.ts';
import { E2E_PORTS } from './support/ports.ts';
import { openStoredCheckIn } from './support/stored-checkin.ts';
import { hostVisibleText, widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
/** Screenshots of the group screens, for a person to look at (not compared). */
const SHOTS = join(process.env.LUCA_SCREENSHOTS ?? join(import.meta.dirname, '../dist/screenshots'), 'widget-party');
const PHONE = { width: 390, height: 844 };
let browser: Browser;
let world: DemoWorld;
let site: HostServer;

beforeAll(async () => {
  world = await loadDemoWorld();
  browser = await launchChromium();
  // The integration journeys' website (an origin the demo venues allow); files run one after another.
  site = await startHostServer(E2E_PORTS.integrationHost);
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser.close();
  await site.stop();
});

/**
 * A page of the venue's website with `body`, whose own script records everything the page can
 * hear: the element's events, messages to its window, and messages arriving at any MessagePort it
 * holds (the element's channel to the frame included), as an attacker's script would.
 */
async function hostPage(body: string, lang = 'de'): Promise<{ page: Page; log: string[] }> {
  const context = await browser.newContext({ locale: lang === 'de' ? 'de-DE' : 'en-GB', viewport: PHONE });
  await context.addInitScript(() => {
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    const note = (kind: string, data: unknown) => {
      try {
        heard.push(`${kind} ${JSON.stringify(data)}`);
      } catch {
        heard.push(`${kind} ${String(data)}`);
      }
    };
    for (const type of ['ready', 'submitting', 'registered', 'cancelled', 'error']) {
      document.addEventListener(`luca-checkin-${type}`, (event) => note(type, (event as CustomEvent).detail));
    }
    window.addEventListener('message', (event) => note('window-message', event.data));
    const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
    Object.defineProperty(MessagePort.prototype, 'onmessage', {
      configurable: true,
      get() {
        return onmessage?.get?.call(this) as unknown;
      },
      set(listener: ((event: MessageEvent) => void) | null) {
        onmessage?.set?.call(
          this,
          listener
            ? (event: MessageEvent) => {
                note('port-message', event.data);
                listener.call(this, event);
              }
            : null,
        );
      },
    });
  });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (message) => log.push(`${message.type()}: ${message.text()}`));
  const path = `/party-${Math.random().toString(36).slice(2)}.html`;
  site.serve(
    path,
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><script src="${origin}/widget/luca-checkin.js"></script></head><body>${body}</body></html>`,
  );
  await page.goto(`${site.origin}${path}`);
  return { page, log };
}

/** Everything the host page's script heard, saw and stored, as one text. */
async function everythingTheHostHas(page: Page, log: string[]): Promise<string> {
  const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  const { text, frameReadable } = await hostVisibleText(page);
  expect(frameReadable).toBe(false);
  return [...heard, ...log, text].join('\n');
}

const heardOf = (page: Page, kind: string) =>
  page.evaluate((prefix) => (window as unknown as { heard: string[] }).heard.filter((entry) => entry.startsWith(prefix)), `${kind} `);

async function registeredId(page: Page): Promise<string> {
  await expect.poll(async () => (await heardOf(page, 'registered')).length, { timeout: 20_000 }).toBe(1);
  const [entry] = await heardOf(page, 'registered');
  return (JSON.parse(entry?.slice('registered '.length) ?? '{}') as { checkinId: string }).checkinId;
}

function slot(daysAhead: number): { start: string; end: string } {
  const start = new Date(Date.now() + daysAhead * DAY_MS);
  start.setUTCHours(18, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 2 * HOUR_MS).toISOString() };
}

/** A 390x844 screenshot of the host page with `target` (in the frame) scrolled into view. */
async function shot(page: Page, name: string, target?: Locator): Promise<void> {
  await target?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const checkInCount = (venueId: string) =>
  query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${venueId}'`)[0]?.n ?? 0;

/** The id of the element that has focus, through the frame's shadow roots. */
const focusedId = (frame: Frame) =>
  frame.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.id ?? '';
  });

/** Types a further person's fields (person 2 is the first fieldset). */
async function fillPerson(frame: Frame, number: number, person: { firstName: string; lastName: string; phone?: string }): Promise<void> {
  const block = frame.getByRole('group', { name: new RegExp(`^Person ${number}\\b`) });
  await block.getByLabel(/Vorname|First name/).fill(person.firstName);
  await block.getByLabel(/Nachname|Last name/).fill(person.lastName);
  if (person.phone !== undefined) await block.getByLabel(/Telefonnummer|Phone number/).fill(person.phone);
}

const booker = {
  ...sampleContact,
  firstName: 'Gundula',
  lastName: 'Pfefferkorn',
  phone: '+49 170 4433221',
  email: 'g.pfefferkorn@example.net',
};
const tableOfFour = [
  { firstName: 'Adalbert', lastName: 'Pfefferkorn', phone: '0171 2345678' },
  { firstName: 'Kunigunde', lastName: 'Quirinsen' },
  { firstName: 'Bartholomäus', lastName: 'Wendehals' },
];

describe('groups in the widget', () => {
  it('registers a table for four (party-size) as one check-in holding the booker and three companions, explains every mistake, and tells the host nothing of them', async () => {
    const booked = slot(3);
    const { page, log } = await hostPage(
      `<luca-checkin venue="${encodeVenueQrPayload(world.venue.qr)}" mode="booking" party-size="4" reference="Tisch 7" booking-id="G-4" slot-start="${booked.start}" slot-end="${booked.end}"></luca-checkin>`,
    );
    const frame = await widgetFrame(page);
    await frame.getByText(/Tisch 7 · 4 Personen/).waitFor();
    // The host said how many: no question, no saved-data popup (it registers one person), three fieldsets.
    expect(await frame.locator('#party-size').count()).toBe(0);
    expect(await frame.getByRole('button', { name: 'Meine gespeicherten luca-Daten verwenden' }).count()).toBe(0);
    await frame.getByRole('heading', { name: 'Person 1 (Sie)' }).waitFor();
    for (const number of [2, 3, 4]) await frame.getByRole('group', { name: `Person ${number}` }).waitFor();
    const before = checkInCount(world.venue.card.venueId);

    // The booker's data alone: every further person's missing name is explained, focus on the first.
    await fillContactForm(frame, booker);
    await expect.poll(() => focusedId(frame)).toBe('person-1-firstName');
    const person2 = frame.getByRole('group', { name: 'Person 2' });
    expect(await person2.getByText('Bitte ausfüllen.').count()).toBe(2);
    expect(await frame.locator('luca-party-fields [aria-invalid="true"]').count()).toBe(6);
    // A one-letter name and a number that is none, beside their fields.
    await fillPerson(frame, 2, { firstName: 'A', lastName: tableOfFour[0]?.lastName ?? '', phone: '12345' });
    await frame.locator('luca-contact-form button[type="submit"]').click();
    await expect.poll(() => person2.getByText('Bitte den ganzen Namen eingeben (mindestens 2 Zeichen).').count()).toBe(1);
    expect(await person2.getByText(/Keine gültige Telefonnummer/).count()).toBe(1);
    await expect.poll(() => focusedId(frame)).toBe('person-1-firstName');
    expect(await seriousViolations(frame)).toEqual([]);
    await shot(page, 'booking-four-errors-de', person2);

    for (const [index, person] of tableOfFour.entries()) await fillPerson(frame, index + 2, { phone: '', ...person });
    await shot(page, 'booking-four-top-de', frame.getByRole('heading', { name: 'Person 1 (Sie)' }));
    await frame.locator('luca-contact-form button[type="submit"]').click();
    const id = await registeredId(page);
    await frame.getByText('Die Kontaktdaten von 4 Personen sind verschlüsselt hinterlegt.').waitFor();
    await shot(page, 'booking-four-done-de');

    // One check-in for four: one row; the venue sees the table, the office every person.
    expect(checkInCount(world.venue.card.venueId)).toBe(before + 1);
    const { outer, inner } = await openStoredCheckIn(persistTo, world, id);
    expect(outer.reference).toBe('Tisch 7');
    expect(outer.party).toBe(4);
    expect(inner.contact).toEqual(booker);
    expect(inner.companions).toEqual([
      { firstName: 'Adalbert', lastName: 'Pfefferkorn', phone: '+49 171 2345678' },
      { firstName: 'Kunigunde', lastName: 'Quirinsen' },
      { firstName: 'Bartholomäus', lastName: 'Wendehals' },
    ]);

    // The host page's script has the booking's id and token, and nothing anyone typed.
    const host = await everythingTheHostHas(page, log);
    expect(host).toContain(id);
    expect(host).toContain('"type":"registered"'); // the port spy works: it heard the frame's messages
    for (const typed of [...identifyingValues(booker), ...tableOfFour.flatMap((person) => identifyingValues(person)), '2345678'])
      expect(host).not.toContain(typed);
  });

  it('asks an English guest how many come, and seats each person of a cinema’s seat list', async () => {
    // No party-size: the guest chooses.
    const booked = slot(4);
    const { page: booking } = await hostPage(
      `<luca-checkin venue="${encodeVenueQrPayload(world.venue.qr)}" lang="en" mode="booking" slot-start="${booked.start}" slot-end="${booked.end}"></luca-checkin>`,
      'en',
    );
    const asked = await widgetFrame(booking);
    const size = asked.getByLabel('How many people are coming, including you?');
    await size.waitFor();
    expect(await asked.getByRole('group').count()).toBe(0);
    await size.selectOption('3');
    await asked.getByRole('group', { name: 'Person 3' }).waitFor();
    await asked.getByRole('heading', { name: 'Person 1 (you)' }).waitFor();
    expect(await asked.getByRole('button', { name: 'Use my saved luca data' }).count()).toBe(0);
    await asked.locator('luca-contact-form button[type="submit"]').click();
    await asked.getByRole('group', { name: 'Person 2' }).getByText('Please fill in.').first().waitFor();
    expect(await seriousViolations(asked)).toEqual([]);
    await shot(booking, 'booking-size-question-en', size);
    await shot(booking, 'booking-size-question-errors-en', asked.getByRole('group', { name: 'Person 2' }));
    // Back to one person: the further persons' fields go, the popup is offered again.
    await size.selectOption('1');
    await expect.poll(() => asked.getByRole('group').count()).toBe(0);
    await asked.getByRole('button', { name: 'Use my saved luca data' }).waitFor();

    // A cinema's seats: the booker's seat joins the reference, each further person carries theirs.
    const screening = slot(5);
    const { page, log } = await hostPage(
      `<luca-checkin venue="${encodeVenueQrPayload(world.cinema.qr)}" mode="ticket" reference="Saal 2" seats="F12 F13" slot-start="${screening.start}" slot-end="${screening.end}"></luca-checkin>`,
    );
    const frame = await widgetFrame(page);
    await frame.getByText(/Saal 2 · 2 Personen · Plätze F12 F13/).waitFor();
    await frame.getByRole('heading', { name: 'Person 1 (Sie) · Platz F12' }).waitFor();
    await shot(page, 'ticket-seats-de');
    await fillPerson(frame, 2, { firstName: 'Hyazinth', lastName: 'Löwenzahn' });
    await shot(page, 'ticket-seats-person-2-de', frame.getByRole('group', { name: 'Person 2' }));
    expect(await frame.getByRole('group', { name: 'Person 2 · Platz F13' }).count()).toBe(1);
    await fillContactForm(frame, booker);
    const id = await registeredId(page);
    const { outer, inner } = await openStoredCheckIn(persistTo, world, id);
    expect(outer.reference).toBe('Saal 2 · F12');
    expect(inner.companions).toEqual([{ firstName: 'Hyazinth', lastName: 'Löwenzahn', seat: 'F13' }]);
    const host = await everythingTheHostHas(page, log);
    for (const typed of ['Hyazinth', 'Löwenzahn', ...identifyingValues(booker)]) expect(host).not.toContain(typed);

    // A seat list that cannot be right is the site's setup problem, told before anyone types.
    const { page: broken, log: brokenLog } = await hostPage(
      `<luca-checkin venue="${encodeVenueQrPayload(world.cinema.qr)}" mode="ticket" party-size="3" seats="F12 F13" slot-start="${screening.start}" slot-end="${screening.end}"></luca-checkin>`,
    );
    await expect.poll(async () => (await heardOf(broken, 'error')).join(' ')).toContain('"code":"bad_seats"');
    await expect.poll(() => brokenLog.join('\n')).toContain('luca-checkin (bad_seats): seats names 2 seats but party-size is 3');
    const brokenFrame = await widgetFrame(broken);
    await expect.poll(async () => (await brokenFrame.locator('body').textContent()) ?? '').toContain('falsch eingebunden');
    expect(await brokenFrame.locator('luca-contact-form').count()).toBe(0);
  });

  it('checks in a kiosk group of two as one check-in, and keeps nothing of it for the next guest', async () => {
    const { page, log } = await hostPage(`<luca-checkin venue="${encodeVenueQrPayload(world.venue.qr)}" mode="kiosk"></luca-checkin>`);
    const frame = await widgetFrame(page);
    await frame.locator('luca-contact-form input[name="firstName"]').waitFor();
    const add = frame.getByRole('button', { name: 'Weitere Person hinzufügen' });
    // Two more, then one of them removed again: the remove buttons say whom they remove.
    await add.click();
    await expect.poll(() => focusedId(frame)).toBe('person-1-firstName');
    await add.click();
    await frame.getByRole('heading', { name: 'Person 1 (Sie)' }).waitFor();
    await frame.getByRole('button', { name: 'Person 3 entfernen' }).click();
    await expect.poll(() => frame.getByRole('group').count()).toBe(1);
    await expect.poll(() => focusedId(frame)).toBe('add-person');
    expect(await seriousViolations(frame)).toEqual([]);
    const walkIn = { ...booker, firstName: 'Eberhard', lastName: 'Türsteher', phone: '+49 30 9988772' };
    const companion = { firstName: 'Philippa', lastName: 'Nachtigall', phone: '030 5556677' };
    await fillPerson(frame, 2, companion);
    const before = checkInCount(world.venue.card.venueId);
    await shot(page, 'kiosk-two-de', frame.getByRole('group', { name: 'Person 2' }));
    await fillContactForm(frame, walkIn);
    const id = await registeredId(page);
    await frame.getByText('Eingecheckt. Schönen Aufenthalt!').waitFor();
    // The next guest: the button, or the screen's own timer (8 s, which a loaded machine may pass
    // before the click lands), brings a fresh form; either way it must hold nothing of the group.
    await frame
      .getByRole('button', { name: 'Nächster Gast' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await frame.locator('luca-contact-form input[name="firstName"]').waitFor();

    expect(checkInCount(world.venue.card.venueId)).toBe(before + 1);
    const { row, outer, inner } = await openStoredCheckIn(persistTo, world, id);
    expect(row.departure_bucket).toBeNull();
    expect(outer.party).toBe(2);
    expect(inner.contact.lastName).toBe('Türsteher');
    expect(inner.companions).toEqual([{ firstName: 'Philippa', lastName: 'Nachtigall', phone: '+49 30 5556677' }]);

    // The next guest finds an empty form for one person.
    expect(await frame.getByRole('group').count()).toBe(0);
    expect(await frame.getByRole('heading', { name: 'Person 1 (Sie)' }).count()).toBe(0);
    expect(await frame.locator('luca-contact-form input[name="lastName"]').inputValue()).toBe('');
    await add.click();
    expect(await frame.getByRole('group', { name: 'Person 2' }).getByLabel('Vorname').inputValue()).toBe('');
    const host = await everythingTheHostHas(page, log);
    for (const typed of [...identifyingValues(walkIn), ...identifyingValues(companion), '5556677']) expect(host).not.toContain(typed);

    // The same kiosk in English, up to the limit.
    const { page: english } = await hostPage(
      `<luca-checkin venue="${encodeVenueQrPayload(world.venue.qr)}" mode="kiosk" lang="en"></luca-checkin>`,
      'en',
    );
    const englishFrame = await widgetFrame(english);
    const addEn = englishFrame.getByRole('button', { name: 'Add another person' });
    await addEn.click();
    await englishFrame.getByRole('button', { name: 'Remove person 2' }).waitFor();
    await shot(english, 'kiosk-two-en', englishFrame.getByRole('button', { name: 'Remove person 2' }));
    for (let count = 2; count < 10; count++) await addEn.click();
    await englishFrame.getByText('At most 10 people check in together.', { exact: false }).waitFor();
    expect(await addEn.count()).toBe(0);
    expect(await englishFrame.getByRole('group').count()).toBe(9);
    await shot(english, 'kiosk-full-en', englishFrame.getByText('At most 10 people check in together.', { exact: false }));
  });
});
