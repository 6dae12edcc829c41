/** Steps of the venue operator's journey shared by browser tests: passkeys, venue creation, kit. */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { RecoveryKit } from '../../protocol/recovery-kit.ts';

/** A platform authenticator with user verification, as a phone or laptop has (CDP WebAuthn domain). */
export async function addAuthenticator(page: Page): Promise<{ session: CDPSession; authenticatorId: string }> {
  const session = await page.context().newCDPSession(page);
  await session.send('WebAuthn.enable');
  const { authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { session, authenticatorId };
}

export async function signUpOperator(page: Page, origin: string, name: string): Promise<void> {
  await page.goto(`${origin}/venue/`);
  await page.getByLabel('Name des Betriebs oder Ihr Name').fill(name);
  await page.getByRole('button', { name: 'Konto mit Passkey anlegen' }).click();
  await page.getByRole('heading', { name: 'Ihre Orte' }).waitFor();
}

export interface NewVenue {
  name: string;
  postcode: string;
  areas: string[];
}

/** The words of the kit passphrase the screen shows, as an owner copies them: one line, single spaces. */
export async function readShownPassphrase(page: Page): Promise<string> {
  const words = page.getByTestId('kit-passphrase').getByRole('listitem');
  await words.first().waitFor();
  return (await words.allInnerTexts()).map((word) => word.trim()).join(' ');
}

/**
 * The passphrase step as an owner goes through it: read the drawn passphrase off the screen, go
 * on, and type it back (as `typed` makes of it: a case or separator the app must tolerate).
 * Returns the passphrase as shown; the submit button is the caller's.
 */
export async function typeBackPassphrase(page: Page, typed: (shown: string) => string = (shown) => shown): Promise<string> {
  const passphrase = await readShownPassphrase(page);
  await page.getByRole('button', { name: 'Aufgeschrieben, weiter' }).click();
  await page.getByLabel('Die sechs Wörter, wie Sie sie aufgeschrieben haben').fill(typed(passphrase));
  return passphrase;
}

/** Creates a venue through the UI up to the downloaded recovery kit; returns the kit file and the passphrase the app drew. */
export async function createVenueUpToKit(page: Page, venue: NewVenue): Promise<{ kitPath: string; kit: RecoveryKit; passphrase: string }> {
  await page.getByRole('button', { name: 'Neuen Ort anlegen' }).click();
  await page.getByLabel('Name', { exact: true }).fill(venue.name);
  await page.getByLabel('Straße und Hausnummer').fill('Lindenstraße 12');
  await page.getByLabel('Postleitzahl (5 Ziffern)').fill(venue.postcode);
  await page.getByLabel('Ort', { exact: true }).fill('Berlin');
  await page.getByLabel('Art des Ortes').selectOption('cafe');
  await page.getByLabel('Übliche Aufenthaltsdauer (Minuten)').fill('90');
  await page.getByLabel('Bereiche oder Tische').fill(venue.areas.join('\n'));
  await page.getByRole('button', { name: 'Weiter' }).click();
  const passphrase = await typeBackPassphrase(page);
  await page.getByRole('button', { name: 'Ort und Schlüssel erzeugen' }).click();
  return { ...(await downloadKit(page)), passphrase };
}

/** Downloads the recovery kit the screen offers; returns the file and its content. */
export async function downloadKit(page: Page): Promise<{ kitPath: string; kit: RecoveryKit }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Datei herunterladen' }).click();
  const kitPath = join(mkdtempSync(join(tmpdir(), 'luca-kit-')), (await download).suggestedFilename());
  await (await download).saveAs(kitPath);
  return { kitPath, kit: JSON.parse(readFileSync(kitPath, 'utf8')) as RecoveryKit };
}

/** The same passkeys on a second device, as a synced passkey would be there. */
export async function syncPasskeys(
  from: { session: CDPSession; authenticatorId: string },
  to: { session: CDPSession; authenticatorId: string },
): Promise<void> {
  const { credentials } = (await from.session.send('WebAuthn.getCredentials', { authenticatorId: from.authenticatorId })) as {
    credentials: object[];
  };
  for (const credential of credentials) {
    await to.session.send('WebAuthn.addCredential', { authenticatorId: to.authenticatorId, credential: credential as never });
  }
}

export async function restoreKit(page: Page, kitPath: string, passphrase: string): Promise<void> {
  await page.getByLabel('Wiederherstellungsdatei', { exact: true }).setInputFiles(kitPath);
  await page.getByLabel('Passwort für die Wiederherstellungsdatei').fill(passphrase);
  await page.getByRole('button', { name: 'Wiederherstellen' }).click();
}
