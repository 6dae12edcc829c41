/**
 * The health office in browser tests: a fresh setup code for the demo office (carrying its keys,
 * as `npm start` prints one), and a signed-in office account made directly in D1 for tests that
 * only need to act as the office through the API.
 */
import { randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import { newId } from '../../protocol/ids.ts';
import { type SignedAuditEntry, signAuditEntry } from '../../protocol/audit-log.ts';
import { exportPublicKey, generateKeyPair } from '../../protocol/keys.ts';
import { generateOfficeCode } from '../../protocol/office-keyring.ts';
import { parseTan, tanLookup } from '../../protocol/tan.ts';
import type { DemoWorld } from '../../scripts/demo-world.ts';
import { seedDemoOfficeSetup } from '../../scripts/local-server.ts';
import type { Page } from 'playwright-core';
import { healthMessages } from '../../web/health/messages.ts';
import { query } from './d1.ts';
import { hashSessionToken } from '../../worker/auth/session-token.ts';

export async function demoOfficeSetupCode(persistTo: string, world: DemoWorld): Promise<string> {
  const code = generateOfficeCode();
  await seedDemoOfficeSetup(persistTo, world, code);
  return code;
}

export interface ApiStaff {
  cookie: string;
  accountId: string;
  officeId: string;
  signingKey: CryptoKey;
}

/** An admitted employee of `officeId`, signed in, with a signing key (no device keys: enough to redeem a TAN). */
export async function officeStaffByApi(persistTo: string, officeId: string): Promise<ApiStaff> {
  const accountId = newId();
  const token = toBase64Url(randomBytes(32));
  const hash = await hashSessionToken(token);
  const now = Date.now();
  const signing = await generateKeyPair('signing');
  const signingKey = toBase64Url(await exportPublicKey(signing.publicKey));
  const deviceKey = toBase64Url(await exportPublicKey((await generateKeyPair('encryption')).publicKey));
  query(
    persistTo,
    `INSERT INTO accounts (id, role, display_name, user_handle, created_at) VALUES ('${accountId}', 'office', 'Test Office', '${newId()}', ${now});
     INSERT INTO office_employees (account_id, office_id, role, status, device_key, signing_key, created_at) VALUES ('${accountId}', '${officeId}', 'member', 'active', '${deviceKey}', '${signingKey}', ${now});
     INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at) VALUES ('${hash}', '${accountId}', ${now}, ${now}, ${now + 3_600_000});`,
  );
  return { cookie: `__Host-luca-session=${token}`, accountId, officeId, signingKey: signing.privateKey };
}

/** The body of a TAN redemption by `staff` for a new case, signed into the audit chain. */
/** What the office app sends to redeem the TAN a guest read out: its lookup part only (web/health/case-service.ts). */
export async function redemptionBody(staff: ApiStaff, tan: string): Promise<{ lookup: string; caseId: string; audit: SignedAuditEntry }> {
  const caseId = newId();
  const audit = await signAuditEntry(
    staff.signingKey,
    { type: 'employee', id: staff.accountId },
    { officeId: staff.officeId, kind: 'tan_redeemed', caseId, venueId: '', requestId: '', detail: '', at: Date.now() },
  );
  return { lookup: tanLookup(parseTan(tan)), caseId, audit };
}

/**
 * Joins the demo office as a new admin through the office app (a fresh setup code, a passkey in
 * `page`'s virtual authenticator), in the language the app shows.
 */
export async function joinDemoOffice(
  page: Page,
  origin: string,
  persistTo: string,
  world: DemoWorld,
  name: string,
  lang: 'de' | 'en' = 'de',
): Promise<void> {
  const t = healthMessages[lang];
  await page.goto(`${origin}/health/`);
  await page.getByLabel(t.code).fill(await demoOfficeSetupCode(persistTo, world));
  await page.getByLabel(t.yourName).fill(name);
  await page.getByRole('button', { name: t.join }).click();
  await page.getByRole('link', { name: t.navNew }).waitFor();
}

/**
 * Takes a case by TAN through the office app, as an employee on the phone with the index case
 * does: "Neuer Fall", the TAN as read out (lower case, spaces), the file number, "create and send
 * requests". Returns the new case's id from the address the app goes to.
 */
export async function openCaseByTan(page: Page, tan: string, reference: string, lang: 'de' | 'en' = 'de'): Promise<string> {
  const t = healthMessages[lang];
  await page.getByRole('link', { name: t.navNew }).click();
  await page.getByLabel(t.tan).fill(tan.replace(/-/g, ' ').toLowerCase());
  await page.getByRole('button', { name: t.openHistory }).click();
  await page.getByLabel(t.reference).fill(reference);
  await page.getByRole('button', { name: t.sendRequests }).click();
  await page.waitForURL(/#\/case\//);
  return new URL(page.url()).hash.split('/')[2] ?? '';
}
