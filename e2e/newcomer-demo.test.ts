/**
 * README.md's "Try it" as a newcomer follows it: `npm start` (scripts/local-up.ts, on its own
 * ports and state directory) prints the codes; every step below is a numbered step of the README,
 * done through the UI only with exactly what was printed. The test also checks that the README
 * still says what it does here (its labels and steps), so that the two cannot drift apart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { fillContactForm, text } from './support/guest.ts';
import { E2E_PORTS } from './support/ports.ts';
import { addAuthenticator, downloadKit, restoreKit, typeBackPassphrase } from './support/venue.ts';
import { widgetFrame } from './support/widget.ts';

const ROOT = resolve(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CODE24 = '[0-9A-Z]{4}(?:-[0-9A-Z]{4}){5}';
// Unset until beforeAll gets that far: afterAll cleans up after a start that failed half-way too.
let start: ChildProcess | undefined;
let printed = '';
let state: string;
let browser: Browser | undefined;

/** What `npm start` printed: the addresses and one-time codes the README's steps use. */
interface Printed {
  guest: string;
  /** The health office's own origin, as printed. */
  office: string;
  venueCode: string;
  cafeTakeover: string;
  setupCode: string;
  postcodes: string[];
  websites: string;
}

function read(output: string): Printed {
  const find = (pattern: RegExp) => {
    const match = pattern.exec(output)?.[1];
    if (!match) throw new Error(`npm start did not print ${pattern}:\n${output}`);
    return match;
  };
  return {
    guest: find(/GUEST\s+(http:\/\/localhost:\d+)\//),
    office: find(/HEALTH OFFICE\s+(http:\/\/office\.localhost:\d+)\/health\//),
    venueCode: find(/type the venue code\s+([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/),
    cafeTakeover: find(new RegExp(`Café Demo\\s+(${CODE24})`)),
    setupCode: find(new RegExp(`setup code (${CODE24})`)),
    postcodes: find(/responsible for postcodes ([\d, ]+)\./).split(', '),
    websites: find(/WEBSITES\s+(http:\/\/127\.0\.0\.1:\d+)\//),
  };
}

/** Runs `npm start`'s server on a fresh state directory and waits for its printout. */
async function startDemo(): Promise<void> {
  state = mkdtempSync(join(tmpdir(), 'luca-newcomer-'));
  printed = '';
  // `npm start` after its install and build steps (npm test has built already).
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/local-up.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(E2E_PORTS.newcomer), HOSTS_PORT: String(E2E_PORTS.newcomerHosts), LUCA_STATE_DIR: state },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  start = child;
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const deadline = Date.now() + 150_000;
  while (!printed.includes('Stop with Ctrl+C')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${printed}`);
    await new Promise((wait) => setTimeout(wait, 250));
  }
}

async function stopDemo(): Promise<void> {
  const child = start;
  if (child?.pid !== undefined && child.exitCode === null) {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }
  rmSync(state, { recursive: true, force: true });
}

let attempts = 0;

beforeAll(async () => {
  await startDemo();
  browser = await launchChromium();
}, 180_000);

// A retry walks the journey again from a fresh `npm start`: the first attempt's guests, case and
// answers would otherwise still be in the database (and its counts could never match).
beforeEach(async () => {
  attempts += 1;
  if (attempts === 1) return;
  await stopDemo();
  await startDemo();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopDemo();
});

async function window(): Promise<{ context: BrowserContext; page: Page }> {
  if (!browser) throw new Error('no browser: beforeAll did not finish');
  const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
  const page = await context.newPage();
  await addAuthenticator(page);
  return { context, page };
}

async function guestChecksIn(
  page: Page,
  origin: string,
  venueCode: string,
  person: { firstName: string; lastName: string; phone: string },
): Promise<void> {
  await page.goto(`${origin}/`);
  await fillContactForm(page, { ...person, street: 'Invalidenstraße', houseNumber: '12', postcode: '10115', city: 'Berlin' });
  await page.getByLabel('Link oder Code vom Aushang', { exact: false }).fill(venueCode);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
  await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
}

describe('the README’s demo, step by step', () => {
  it('takes a newcomer from npm start through a whole tracing case with the printed codes', async () => {
    // Step 1: what npm start printed.
    const codes = read(printed);
    expect(codes.postcodes).toContain('10115');
    for (const step of [
      '1. **Start.**',
      '2. **The index case checks in.**',
      '3. **A second guest**',
      '4. **The index case books a table for tomorrow.**',
      '5. **The index case shares.**',
      '6. **The health office takes the case.**',
      '7. **Café Demo answers.**',
      '8. **The office calls.**',
    ]) {
      expect(README).toContain(step);
    }
    const origin = codes.guest;
    // The README sends the office where npm start says it is: its own origin.
    expect(README).toContain(`${codes.office.replace(/:\d+$/, ':8787')}/health/`);

    // Step 2: the index case checks in by the venue code and stays.
    const index = await window();
    await guestChecksIn(index.page, origin, codes.venueCode, { firstName: 'Ida', lastName: 'Index', phone: '030 1234567' });
    // Step 3: a second guest, in a window of their own.
    const second = await window();
    await guestChecksIn(second.page, origin, codes.venueCode, { firstName: 'Karl', lastName: 'Kontakt', phone: '030 7654321' });

    // Step 4: a table for tomorrow on Café Demo's website, with the data saved in the app.
    const site = await index.context.newPage();
    await site.goto(`${codes.websites}/`);
    await site.getByRole('link', { name: 'Café Demo: Tisch reservieren' }).click();
    await site.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
    const frame = await widgetFrame(site);
    const popupOpened = index.context.waitForEvent('page');
    await frame.getByRole('button', { name: 'Meine gespeicherten luca-Daten verwenden' }).click();
    await (await popupOpened).getByRole('button', { name: 'Bestätigen und registrieren' }).click();
    await expect.poll(() => text(site, 'events'), { timeout: 20_000 }).toMatch(/^registered /);
    await index.page.getByRole('button', { name: 'Besuche', exact: true }).click();
    await expect.poll(() => index.page.locator('[data-testid="upcoming"]').count()).toBe(1);

    // Step 5: sharing, with the office found by its name.
    await index.page.getByRole('button', { name: 'Teilen', exact: true }).click();
    await index.page.getByRole('searchbox').fill('Demostadt');
    await index.page.getByRole('radio', { name: /Gesundheitsamt Demostadt/ }).check();
    await index.page.getByRole('button', { name: '2 Besuche mit „Gesundheitsamt Demostadt“ teilen' }).click();
    await expect.poll(() => text(index.page, 'tan')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const tan = (await text(index.page, 'tan')) ?? '';

    // Step 6: the office joins with the printed setup code and takes the case.
    const office = (await window()).page;
    await office.goto(`${codes.office}/health/`);
    await office.getByLabel('Code (24 Zeichen)').fill(codes.setupCode);
    await office.getByLabel('Ihr Name, wie Betriebe ihn sehen').fill('Dr. Neu Ankömmling');
    await office.getByRole('button', { name: 'Passkey anlegen und beitreten' }).click();
    await office.getByRole('link', { name: 'Neuer Fall' }).click();
    await office.getByLabel('TAN (12 Zeichen, wie vorgelesen)').fill(tan);
    await office.getByRole('button', { name: 'Besuchshistorie entschlüsseln' }).click();
    const visits = office.locator('luca-case-intake [data-testid="visit"]');
    await expect.poll(() => visits.count()).toBe(2);
    expect(await visits.nth(0).textContent()).toContain('Noch eingecheckt');
    expect(await visits.nth(1).textContent()).toContain('Noch nicht stattgefunden');
    await office.getByLabel('Aktenzeichen').fill('GA-2026-0001');
    await office.getByRole('button', { name: 'Fall anlegen und Anfragen senden' }).click();
    await expect
      .poll(async () => (await office.locator('luca-case-view [data-testid="request"]').allTextContents()).join(' '))
      .toMatch(/Café Demo.*wartet auf Freigabe/s);

    // Step 7: Café Demo is taken over with the printed code and answers.
    const venue = (await window()).page;
    await venue.goto(`${origin}/venue/`);
    await venue.getByLabel('Name des Betriebs oder Ihr Name').fill('Café Demo Betriebs GmbH');
    await venue.getByRole('button', { name: 'Konto mit Passkey anlegen' }).click();
    await venue.getByRole('link', { name: 'Betrieb mit Übernahmecode übernehmen' }).click();
    const passphrase = await typeBackPassphrase(venue);
    await venue.getByLabel('Übernahmecode').fill(codes.cafeTakeover);
    await venue.getByRole('button', { name: 'Betrieb übernehmen' }).click();
    const { kitPath } = await downloadKit(venue);
    await restoreKit(venue, kitPath, passphrase);
    await venue.getByText('Wiederherstellung erfolgreich', { exact: false }).waitFor();
    await venue.getByRole('link', { name: /^Anfragen der Gesundheitsämter/ }).click();
    const request = venue.locator('[data-request-id]').first();
    await expect.poll(async () => (await request.allTextContents()).join(' ')).toContain('Signatur geprüft: echt');
    await request.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).click();
    await request.getByRole('button', { name: 'Ja, freigeben' }).click();
    await expect.poll(async () => (await request.locator('[data-testid="request-status"]').allTextContents())[0]).toMatch(/^Freigegeben/);

    // Step 8: the office sees the second guest (not the index case), exports and closes.
    await office.getByRole('button', { name: 'Aktualisieren' }).click();
    const rows = office.locator('luca-case-view [data-testid="contact"]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Karl Kontakt');
    expect(await rows.first().textContent()).toContain('30 7654321');
    await expect.poll(() => office.locator('luca-overlap-timeline').count()).toBe(1);
    const download = office.waitForEvent('download');
    await office.getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toBe('kontakte-GA-2026-0001.csv');
    await office.getByRole('button', { name: 'Fall abschließen' }).click();
    await office.getByRole('dialog').getByRole('button', { name: 'Fall abschließen' }).click();
    await office.getByText('Dieser Fall ist abgeschlossen.').waitFor();
    await office.getByRole('link', { name: 'Protokoll' }).click();
    await expect.poll(async () => (await text(office, 'chain-status'))?.trim()).toMatch(/^Kette intakt/);
    expect(query<{ status: string }>(state, "SELECT status FROM cases WHERE reference = 'GA-2026-0001'")[0]?.status).toBe('closed');
  });
});
