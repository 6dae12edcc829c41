/**
 * A new health office (issue 6, trust model 3): the deployment registers it with the CLI, the
 * first admin joins with the setup code and their browser makes the office identity key; the
 * CLI certifies that key under the root (after comparing fingerprints); the admin's browser then
 * publishes signed daily keys 90 days ahead, in requests of at most 16, which clients verify up to
 * the pinned root.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { verifiedKeyForDay } from '../protocol/hierarchy.ts';
import { DAILY_KEYS_PER_REQUEST } from '../protocol/office-keyring.ts';
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

/** The requests `count` new keys take: full ones of DAILY_KEYS_PER_REQUEST, then the rest. */
function batchSizes(count: number): number[] {
  return Array.from({ length: Math.ceil(count / DAILY_KEYS_PER_REQUEST) }, (_, i) =>
    Math.min(DAILY_KEYS_PER_REQUEST, count - i * DAILY_KEYS_PER_REQUEST),
  );
}

function certifyCli(...args: string[]): string {
  return execFileSync(
    process.execPath,
    [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/office-certify.ts', ...args, '--persist-to', persistTo],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
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
    // Today and 90 days ahead are 91 keys: the Worker takes at most 16 per request.
    const requests: number[] = [];
    admin.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/office/keys/daily-keys'))
        requests.push((request.postDataJSON() as { keys: unknown[] }).keys.length);
    });
    await admin.reload();
    await admin.getByRole('link', { name: 'Neuer Fall' }).waitFor();
    await admin.getByText(`${PUBLISH_AHEAD_DAYS + 1} neue Tagesschlüssel veröffentlicht.`).waitFor();
    expect(requests).toEqual(batchSizes(PUBLISH_AHEAD_DAYS + 1));

    // Guests' and bookings' clients accept the new office's keys, up to the pinned root, for every day up to the horizon.
    const entry = (await (await fetch(`${origin}/api/offices/${officeId}`)).json()) as OfficeDirectoryEntry;
    const days = Array.from({ length: PUBLISH_AHEAD_DAYS + 1 }, (_, i) => addDays(dayOf(Date.now()), i));
    expect(entry.dailyKeys.map((key) => key.day)).toEqual(days);
    for (const day of days) {
      const key = await verifiedKeyForDay(fromBase64Url(world.root.publicKey), entry, officeId, day, Date.now());
      expect(key.officeId).toBe(officeId);
    }
    expect(entry.certificate.postcodes).toEqual(['99998', '99999']);
  });
});
