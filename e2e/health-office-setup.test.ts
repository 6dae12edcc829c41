/**
 * A new health office (issue 6, trust model 3): the deployment registers it with the CLI, the
 * first admin joins with the setup code and their browser makes the office identity key; the
 * CLI certifies that key under the root (after comparing fingerprints); the admin's browser then
 * publishes signed daily keys ahead, which clients verify up to the pinned root.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { verifiedKeyForDay } from '../protocol/hierarchy.ts';
import type { OfficeDirectoryEntry } from '../protocol/schemas.ts';
import { PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../protocol/time.ts';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
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
  return execFileSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/office-certify.ts', ...args, '--persist-to', persistTo], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('certifying a new health office', () => {
  it('certifies the identity key made in the admin’s browser; the browser then publishes verifiable daily keys', async () => {
    const world = await loadDemoWorld();
    const registered = certifyCli('setup', '--name', 'Gesundheitsamt Neustadt', '--postcodes', '99998,99999');
    const [, officeId = '', code = ''] = /\(([A-Za-z0-9_-]{22})\)[\s\S]*: ([0-9A-Z-]{29})/.exec(registered) ?? [];
    expect(officeId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const admin = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await addAuthenticator(admin);
    await admin.goto(`${origin}/health/`);
    await admin.getByLabel('Code (24 Zeichen)').fill(code);
    await admin.getByLabel('Ihr Name, wie Betriebe ihn sehen').fill('Gründungsadmin');
    await admin.getByRole('button', { name: 'Passkey anlegen und beitreten' }).click();
    // The browser made the identity key; the server holds its public half and a sealed grant only.
    const shown = admin.getByText(/Fingerabdruck vor: /);
    await shown.waitFor();
    const fingerprint = /vor: (\S+)/.exec((await shown.textContent()) ?? '')?.[1] ?? '';
    expect(certifyCli('pending')).toContain(`fingerprint ${fingerprint}`);
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM offices WHERE id = '${officeId}'`)[0]?.n).toBe(0);

    expect(certifyCli('certify', officeId)).toContain(`fingerprint ${fingerprint}`);
    await admin.reload();
    await admin.getByRole('link', { name: 'Neuer Fall' }).waitFor();
    await admin.getByText(`${PUBLISH_AHEAD_DAYS + 1} neue Tagesschlüssel veröffentlicht.`).waitFor();

    // Guests' and bookings' clients accept the new office's keys, up to the pinned root.
    const entry = (await (await fetch(`${origin}/api/offices/${officeId}`)).json()) as OfficeDirectoryEntry;
    for (const day of [dayOf(Date.now()), addDays(dayOf(Date.now()), PUBLISH_AHEAD_DAYS)]) {
      const key = await verifiedKeyForDay(fromBase64Url(world.root.publicKey), entry, officeId, day, Date.now());
      expect(key.officeId).toBe(officeId);
    }
    expect(entry.certificate.postcodes).toEqual(['99998', '99999']);
  });
});
