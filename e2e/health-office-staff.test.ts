/**
 * The health office's people and app (issue 6, trust model 12): an admin invites a colleague by
 * one-time code, the colleague joins on their own device and waits, the admin admits them (their
 * browser gets the office's keys sealed to its device key), and removing them signs them out at
 * once, and their browser signs a revocation state naming them; a certificate that lapsed is said
 * to its holder and renewed by an admin's browser (trust model 18). The /health/ app is its own bundle with its own service worker scope and a strict CSP.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as v from 'valibot';
import { fromBase64Url } from '../protocol/bytes.ts';
import {
  EMPLOYEE_CERTIFICATE_DAYS,
  type EmployeeCertificate,
  EmployeeCertificateSchema,
  issueEmployeeCertificate,
} from '../protocol/data-request.ts';
import { importPrivateJwk, importPublicKey } from '../protocol/keys.ts';
import { signingKeyFingerprint, verifyEmployeeActive, verifyRevocationState } from '../protocol/revocation.ts';
import { DAY_MS } from '../protocol/time.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { storedRevocationState } from './support/actors.ts';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { text } from './support/guest.ts';
import { demoOfficeSetupCode } from './support/office.ts';
import { officeFetch } from './support/office-origin.ts';
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

async function join(page: Page, code: string, name: string): Promise<void> {
  await page.goto(`${origin}/health/`);
  await page.getByLabel('Code (24 Zeichen)').fill(code);
  await page.getByLabel('Ihr Name, wie Betriebe ihn sehen').fill(name);
  await page.getByRole('button', { name: 'Passkey anlegen und beitreten' }).click();
}

/** Every module a page at `base` + `path` loads, by URL (from Node: the office's origin through officeFetch). */
async function bundleOf(base: string, path: string): Promise<Map<string, string>> {
  const get = (url: string) => (base === officeOrigin ? officeFetch(officeOrigin, url) : fetch(url));
  const html = await (await get(`${base}${path}`)).text();
  const queue = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => new URL(match[1] ?? '', `${base}${path}`).href);
  const seen = new Map<string, string>();
  while (queue.length > 0) {
    const url = queue.shift() ?? '';
    if (seen.has(url)) continue;
    const source = await (await get(url)).text();
    seen.set(url, source);
    for (const match of source.matchAll(/(?:import|from)\s*\(?\s*"(\.{1,2}\/[^"]+\.js|\/[^"]+\.js)"/g))
      queue.push(new URL(match[1] ?? '', url).href);
  }
  return seen;
}

/** `certificate` issued anew by the demo office for 30 days from `notBefore`, as an admin's browser would. */
async function reissued(world: DemoWorld, certificate: EmployeeCertificate, notBefore: number): Promise<EmployeeCertificate> {
  const { v: _v, signature: _signature, ...fields } = certificate;
  return issueEmployeeCertificate(await importPrivateJwk(world.office.signingPrivateJwk, 'signing'), {
    ...fields,
    signingKey: await importPublicKey(fromBase64Url(certificate.signingKey), 'signing'),
    notBefore,
    notAfter: notBefore + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS,
  });
}

describe('health office staff and app', () => {
  // Two unlocks more than before (a lapsed certificate, its renewal) and a dozen database reads
  // through wrangler: past the 60 s default when the machine is busy (42 s alone).
  it('invites, admits and removes a colleague; the app is its own bundle, scope and policy', async () => {
    const world = await loadDemoWorld();
    const admin = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await addAuthenticator(admin);
    await join(admin, await demoOfficeSetupCode(persistTo, world), 'Amtsleitung Demo');
    await admin.getByRole('link', { name: 'Mitarbeitende' }).waitFor();
    // A spent setup code no longer carries the office's keys (they now live in grants only).
    expect(
      query<{ n: number }>(persistTo, 'SELECT COUNT(*) AS n FROM office_codes WHERE used_at IS NOT NULL AND bundle IS NOT NULL')[0]?.n,
    ).toBe(0);
    await admin.getByRole('link', { name: 'Mitarbeitende' }).click();
    await admin.getByRole('button', { name: 'Einladungscode erzeugen' }).click();
    await expect.poll(() => text(admin, 'invite-code')).toMatch(/[0-9A-Z]{4}(-[0-9A-Z]{4}){5}/);
    const code = /([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})/.exec((await text(admin, 'invite-code')) ?? '')?.[1] ?? '';
    // Only the code's hash is stored.
    expect(JSON.stringify(query(persistTo, 'SELECT * FROM office_codes'))).not.toContain(code.replace(/-/g, ''));

    // The colleague joins on their own device and waits for admission: no keys, no cases.
    const colleague = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await addAuthenticator(colleague);
    await join(colleague, code, 'Sam Sachbearbeitung');
    await expect.poll(async () => (await text(colleague, 'pending'))?.trim()).toContain('freischalten');
    const accountId =
      query<{ account_id: string }>(persistTo, "SELECT account_id FROM office_employees WHERE status = 'pending'")[0]?.account_id ?? '';
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM office_key_grants WHERE account_id = '${accountId}'`)[0]?.n).toBe(0);

    // Admission needs the device code the colleague reads out: a wrong one (as if the server had
    // swapped their keys) admits nothing.
    const deviceCode = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await text(colleague, 'device-code')) ?? '')?.[1] ?? '';
    expect(deviceCode).not.toBe('');
    await admin.reload();
    const row = admin.locator(`[data-account-id="${accountId}"]`);
    admin.once('dialog', (dialog) => void dialog.accept('0000-0000-0000'));
    await row.getByRole('button', { name: 'Freischalten' }).click();
    await admin.getByText('Der Gerätecode passt nicht zu den Schlüsseln').waitFor();
    expect(query<{ status: string }>(persistTo, `SELECT status FROM office_employees WHERE account_id = '${accountId}'`)[0]?.status).toBe(
      'pending',
    );
    // The right code: the admin's browser certifies the colleague's keys and seals the office's keys to their device.
    admin.once('dialog', (dialog) => void dialog.accept(deviceCode.toLowerCase()));
    await row.getByRole('button', { name: 'Freischalten' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('aktiv');
    const grants =
      query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM office_key_grants WHERE account_id = '${accountId}'`)[0]?.n ?? 0;
    expect(grants).toBe(world.office.dailyKeys.length); // every daily key, not the identity key (members do not certify)
    // The grants are ciphertext: no private key member of any demo key appears in the database.
    const stored = JSON.stringify(query(persistTo, 'SELECT sealed FROM office_key_grants'));
    for (const entry of world.office.dailyKeys.slice(0, 5)) expect(stored).not.toContain(entry.privateJwk.d ?? 'missing');

    // The colleague's browser now opens the keys and checks the office's audit chain itself.
    await colleague.reload();
    await colleague.getByRole('link', { name: 'Protokoll' }).click();
    await expect.poll(async () => (await text(colleague, 'chain-status'))?.trim()).toMatch(/^Kette intakt/);
    expect(await seriousViolations(colleague)).toEqual([]);

    // A certificate no admin renewed lapses: the colleague is told what to do (trust model 18) ...
    const storedCertificate = () =>
      v.parse(
        EmployeeCertificateSchema,
        JSON.parse(
          query<{ certificate: string }>(persistTo, `SELECT certificate FROM office_employees WHERE account_id = '${accountId}'`)[0]
            ?.certificate ?? 'null',
        ),
      );
    const admitted = storedCertificate();
    const lapsed = await reissued(world, admitted, Date.now() - 31 * DAY_MS);
    query(persistTo, `UPDATE office_employees SET certificate = '${JSON.stringify(lapsed)}' WHERE account_id = '${accountId}'`);
    await colleague.reload();
    await colleague.getByText('Ihr Mitarbeitendenzertifikat ist abgelaufen').waitFor();
    // ... and an admin's browser renews it when it unlocks: the same keys and role, 30 days from now.
    await admin.reload();
    await admin.getByText('1 Mitarbeitendenzertifikat erneuert.').waitFor();
    const renewed = storedCertificate();
    expect(renewed.notAfter).toBeGreaterThan(Date.now() + 29 * DAY_MS);
    expect(renewed.notAfter - renewed.notBefore).toBeLessThanOrEqual(EMPLOYEE_CERTIFICATE_DAYS * DAY_MS + 60_000);
    expect({ ...renewed, notBefore: 0, notAfter: 0, signature: '' }).toEqual({ ...admitted, notBefore: 0, notAfter: 0, signature: '' });
    await colleague.reload();
    await colleague.getByRole('link', { name: 'Protokoll' }).waitFor();
    expect(await colleague.getByText('Ihr Mitarbeitendenzertifikat ist abgelaufen').count()).toBe(0);

    // Removal signs the colleague out at once, and the admin's browser signs a revocation state naming them.
    const before = storedRevocationState(persistTo, world.office.certificate.officeId)?.serial ?? 0;
    admin.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Entfernen' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('entfernt');
    const revokedFingerprint = await signingKeyFingerprint(admitted.signingKey);
    await expect
      .poll(() => storedRevocationState(persistTo, world.office.certificate.officeId)?.revoked ?? [])
      .toContain(revokedFingerprint);
    const revocation = storedRevocationState(persistTo, world.office.certificate.officeId);
    if (!revocation) throw new Error('no revocation state stored');
    expect(revocation.serial).toBeGreaterThan(before);
    const identity = await importPublicKey(fromBase64Url(world.office.certificate.signingKey), 'signing');
    const verified = await verifyRevocationState(identity, revocation.officeId, revocation, Date.now(), before);
    await expect(verifyEmployeeActive(verified, renewed, Date.now())).rejects.toThrow('removed');
    await colleague.reload();
    await colleague.getByRole('button', { name: 'Mit Passkey anmelden' }).waitFor();
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM sessions WHERE account_id = '${accountId}'`)[0]?.n).toBe(0);

    // English, accessible.
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('heading', { name: 'Staff' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);

    // Its own service worker, scoped to /health/ only, and a stricter policy than the guest app's.
    await expect
      .poll(() => admin.evaluate(async () => (await navigator.serviceWorker.getRegistration('/health/'))?.scope ?? ''))
      .toBe(`${officeOrigin}/health/`);
    const policy = (await officeFetch(officeOrigin, '/health/')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("form-action 'none'");
    expect(policy).not.toContain('blob:');

    // No guest or venue code in the health bundle (the same search finds the guest app in its own).
    const guestModules = await bundleOf(origin, '/');
    expect([...guestModules.values()].some((source) => source.includes('luca-guest-app'))).toBe(true);
    const modules = await bundleOf(officeOrigin, '/health/');
    expect([...modules.values()].some((source) => source.includes('luca-health-app'))).toBe(true);
    for (const [url, source] of modules) {
      expect(url).toMatch(/\/health\//);
      for (const foreign of ['luca-guest-app', 'luca-venue-app', 'luca-qr-scanner', 'luca-venue-editor', 'luca-share-history'])
        expect(source, url).not.toContain(foreign);
    }
    // A long journey of two browsers and several admissions: more than the default minute on a busy machine.
  }, 150_000);

  it('signs out after 15 minutes without input and drops the unlocked keys', async () => {
    const world = await loadDemoWorld();
    const context = await browser.newContext({ locale: 'de-DE' });
    await context.clock.install();
    const page = await context.newPage();
    await addAuthenticator(page);
    await join(page, await demoOfficeSetupCode(persistTo, world), 'Nachtschicht');
    await page.getByRole('link', { name: 'Neuer Fall' }).waitFor();
    await page.clock.fastForward('14:00');
    expect(await page.getByRole('link', { name: 'Neuer Fall' }).count()).toBe(1);
    await page.clock.fastForward('01:30');
    await page.getByText('Sie wurden nach 15 Minuten ohne Aktivität abgemeldet.').waitFor();
    await page.getByRole('button', { name: 'Mit Passkey anmelden' }).waitFor();
    // The server session is gone too, not only the page state.
    expect(await page.evaluate(async () => (await fetch('/api/office/me')).status)).toBe(401);
  });
});
