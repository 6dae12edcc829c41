/**
 * Removing an admin rotates the office identity key (trust model 26), in the office app and the
 * operator's CLI: a new office (not the demo office, whose key other journeys sign with), two
 * admins; the first removes the second and, asked at once, requests a new identity key; the
 * operator sees its fingerprint in `pending` and certifies it; the remaining admin's next sign-in
 * signs anew with it (revocation state, certificates, records of days begun) and replaces the
 * coming days' keys, and the office keeps working: clients verify today's key (unchanged) and
 * tomorrow's (new) up to the pinned root, and the remaining admin's certificate passes the check
 * a venue makes before approving a request, under the state the directory serves.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { EmployeeCertificateSchema } from '../protocol/data-request.ts';
import { verifiedKeyForDay, verifyOfficeCertificate } from '../protocol/hierarchy.ts';
import type { OfficeDirectoryEntry } from '../protocol/schemas.ts';
import { directoryRoutes } from '../protocol/api/directory.ts';
import { signingKeyFingerprint, verifyEmployeeActive, verifyRevocationState } from '../protocol/revocation.ts';
import { addDays, dayOf } from '../protocol/time.ts';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { text } from './support/guest.ts';
import { addAuthenticator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
const ROOT = resolve(import.meta.dirname, '..');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

function certifyCli(...args: string[]): string {
  return execFileSync(
    process.execPath,
    [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/office-certify.ts', ...args, '--persist-to', persistTo],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
}

async function join(page: Page, code: string, name: string): Promise<void> {
  await page.goto(`${origin}/health/`);
  await page.getByLabel('Code (24 Zeichen)').fill(code);
  await page.getByLabel('Ihr Name, wie Betriebe ihn sehen').fill(name);
  await page.getByRole('button', { name: 'Passkey anlegen und beitreten' }).click();
}

/**
 * The office's directory entry, asked once more if the first try fails before any answer (Node's
 * fetch may reuse a kept-alive connection wrangler dev just closed: "other side closed",
 * nodejs/undici#3492, as in e2e/support/actors.ts). A GET changes nothing.
 */
async function directory(officeId: string): Promise<OfficeDirectoryEntry> {
  const url = `${origin}/api/offices/${officeId}`;
  const response = await fetch(url).catch((error: unknown) => {
    if (!(error instanceof TypeError)) throw error;
    return fetch(url);
  });
  return v.parse(directoryRoutes.office.response, await response.json());
}

describe('identity key rotation', () => {
  it('removing an admin rotates the identity key; the office keeps working under the new one', async () => {
    const world = await loadDemoWorld();
    const root = fromBase64Url(world.root.publicKey);
    const registered = certifyCli('setup', '--name', 'Gesundheitsamt Wechselstadt', '--postcodes', '99990');
    const [, officeId = '', code = ''] = /\(([A-Za-z0-9_-]{22})\)[\s\S]*: ([0-9A-Z-]{29})/.exec(registered) ?? [];
    const admin = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await addAuthenticator(admin);
    await join(admin, code, 'Amtsleitung Wechselstadt');
    await admin.getByText(/Fingerabdruck vor: /).waitFor();
    certifyCli('certify', officeId);
    await admin.reload();
    await admin.getByText('91 neue Tagesschlüssel veröffentlicht.').waitFor();
    const before = await directory(officeId);
    const today = dayOf(Date.now());
    const tomorrow = addDays(today, 1);
    const keyOf = (entry: OfficeDirectoryEntry, day: string) => verifiedKeyForDay(root, entry, officeId, day, Date.now());

    // A second admin joins by invite and is admitted with the device code they read out.
    await admin.getByRole('link', { name: 'Mitarbeitende' }).click();
    await admin.getByLabel('Rolle').selectOption('admin');
    await admin.getByRole('button', { name: 'Einladungscode erzeugen' }).click();
    await expect.poll(() => text(admin, 'invite-code')).toMatch(/[0-9A-Z]{4}(-[0-9A-Z]{4}){5}/);
    const invite = /([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})/.exec((await text(admin, 'invite-code')) ?? '')?.[1] ?? '';
    const second = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await addAuthenticator(second);
    await join(second, invite, 'Zweite Administration');
    await expect.poll(async () => (await text(second, 'pending'))?.trim()).toContain('freischalten');
    const deviceCode = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await text(second, 'device-code')) ?? '')?.[1] ?? '';
    const secondId =
      query<{ account_id: string }>(
        persistTo,
        `SELECT account_id FROM office_employees WHERE office_id = '${officeId}' AND status = 'pending'`,
      )[0]?.account_id ?? '';
    await admin.reload();
    const row = admin.locator(`[data-account-id="${secondId}"]`);
    admin.once('dialog', (dialog) => void dialog.accept(deviceCode));
    await row.getByRole('button', { name: 'Freischalten' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('aktiv');
    const secondCertificate = v.parse(
      EmployeeCertificateSchema,
      JSON.parse(
        query<{ certificate: string }>(persistTo, `SELECT certificate FROM office_employees WHERE account_id = '${secondId}'`)[0]
          ?.certificate ?? 'null',
      ),
    );

    // Removing them: the app asks at once for a new identity key and shows its fingerprint.
    const dialogs: string[] = [];
    admin.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await row.getByRole('button', { name: 'Entfernen' }).click();
    await expect.poll(() => text(admin, 'rotation-fingerprint')).toMatch(/Fingerabdruck vor/);
    expect(dialogs[1]).toContain('Zweite Administration war Administrator:in');
    const fingerprint = /: (\S+)$/.exec(((await text(admin, 'rotation-fingerprint')) ?? '').trim())?.[1] ?? '';
    // Sealed to the remaining admin only; the removed one holds no grant at all.
    expect(
      query<{ n: number }>(
        persistTo,
        `SELECT COUNT(*) AS n FROM office_key_grants WHERE key_id = 'identity-next' AND office_id = '${officeId}'`,
      )[0]?.n,
    ).toBe(1);
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM office_key_grants WHERE account_id = '${secondId}'`)[0]?.n).toBe(0);

    // The operator compares the fingerprint and certifies: the same office, a later certificate.
    expect(certifyCli('pending')).toContain(`new key fingerprint ${fingerprint}`);
    expect(certifyCli('certify', officeId)).toContain(`fingerprint ${fingerprint}`);
    const after = await directory(officeId);
    expect(after.certificate.signingKey).not.toBe(before.certificate.signingKey);
    expect(after.certificate.notBefore).toBeGreaterThan(before.certificate.notBefore);

    // The remaining admin's next sign-in completes it, and the office goes on working.
    await admin.reload();
    await admin.getByText('Der neue Amtsschlüssel ist zertifiziert').waitFor();
    await admin.reload();
    await admin.getByRole('link', { name: 'Neuer Fall' }).waitFor();
    expect(await admin.getByRole('alert').count()).toBe(0);
    const done = await directory(officeId);
    expect((await keyOf(done, today)).keyId).toBe((await keyOf(before, today)).keyId);
    expect((await keyOf(done, tomorrow)).keyId).not.toBe((await keyOf(before, tomorrow)).keyId);

    // A venue's check before approving a request: the remaining admin passes under the new key's
    // state; the removed admin is revoked, and their certificate from the old key no longer chains.
    const office = await verifyOfficeCertificate(root, done.certificate, Date.now());
    if (!done.revocation) throw new Error('no revocation state served');
    const state = await verifyRevocationState(office.signingKey, officeId, done.revocation, Date.now(), 0);
    expect(state.revoked.has(await signingKeyFingerprint(secondCertificate.signingKey))).toBe(true);
    const adminCertificate = v.parse(
      EmployeeCertificateSchema,
      JSON.parse(
        query<{ certificate: string }>(
          persistTo,
          `SELECT certificate FROM office_employees WHERE office_id = '${officeId}' AND status = 'active'`,
        )[0]?.certificate ?? 'null',
      ),
    );
    await expect(verifyEmployeeActive(state, adminCertificate, Date.now())).resolves.toBeUndefined();
    await expect(verifyEmployeeActive(state, secondCertificate, Date.now())).rejects.toThrow();
  });
});
