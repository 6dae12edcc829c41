/**
 * `npm run office:certify`: the deployment operator's tool for health offices (trust model 3).
 *
 *   npm run office:certify -- setup --name "Gesundheitsamt Musterstadt" --postcodes 12345,12347
 *       Registers a new office and prints its one-time setup code. The office's first admin
 *       opens /health/, joins with the code, and their browser makes the office identity key.
 *   npm run office:certify -- pending
 *       Lists identity keys waiting for a certificate, with their fingerprints (compare them with
 *       the fingerprint the admin reads out from their screen before certifying).
 *   npm run office:certify -- certify <officeId> [--valid-days 365]
 *       Signs the waiting identity key with the root key and publishes the certificate. For an
 *       office that filed a rotation request (an admin was removed, or "Schlüssel erneuern"), it
 *       certifies the new identity key instead: a new certificate for the same office, beginning
 *       after the old one (scripts/office-rotation-certify.ts).
 *
 * Local by default (the database `npm start` uses, the demo root in .local/); `--remote` works on
 * the deployed D1 and `--root-key <file>` names the real root key ({ privateJwk, publicKey }),
 * which must never be committed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fromBase64Url } from '../protocol/bytes.ts';
import { fingerprint, issueOfficeCertificate } from '../protocol/hierarchy.ts';
import { newId } from '../protocol/ids.ts';
import { importPrivateJwk, publicKeyFromPrivateJwk } from '../protocol/keys.ts';
import { formatOfficeCode, generateOfficeCode } from '../protocol/office-keyring.ts';
import type { RootKey } from '../protocol/provisioning.ts';
import { DAY_MS } from '../protocol/time.ts';
import { DEMO_WORLD_FILE } from './demo-world.ts';
import type { DailyKey, OfficeCertificate } from '../protocol/hierarchy.ts';
import { type RotationRequest, RotationRequestSchema } from '../protocol/office-rotation.ts';
import { DailyKeySchema, OfficeCertificateSchema } from '../protocol/hierarchy.ts';
import * as v from 'valibot';
import { rotationCertification } from './office-rotation-certify.ts';
import { setupCodeSql } from './office-setup.ts';
import { idsAsPositionals } from './cli-args.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

const { values, positionals } = parseArgs({
  args: idsAsPositionals(process.argv.slice(2)),
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    postcodes: { type: 'string' },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string', default: join(ROOT, '.wrangler/state') },
    'root-key': { type: 'string' },
    'valid-days': { type: 'string', default: '365' },
  },
});

function d1<Row>(sql: string): Row[] {
  const target = values.remote ? ['--remote'] : ['--local', '--persist-to', values['persist-to']];
  const out = execFileSync(process.execPath, [WRANGLER, 'd1', 'execute', 'DB', ...target, '--json', '--command', sql], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return (JSON.parse(out) as { results: Row[] }[])[0]?.results ?? [];
}

const literal = (value: string | number) => (typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`);

function rootKey(): RootKey {
  const file = values['root-key'] ?? (values.remote ? undefined : DEMO_WORLD_FILE);
  if (!file || !existsSync(file))
    throw new Error(
      values.remote ? 'Name the root key with --root-key <file> for a remote deployment.' : 'No demo root: run `npm run demo:world` first.',
    );
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as RootKey | { root: RootKey };
  return 'root' in parsed ? parsed.root : parsed;
}

async function setup(): Promise<void> {
  const name = values.name?.trim();
  const postcodes = (values.postcodes ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  if (!name || postcodes.length === 0 || postcodes.some((code) => !/^\d{5}$/.test(code)))
    throw new Error('Give --name "…" and --postcodes 12345,12347 (five digits each).');
  const officeId = newId();
  const code = generateOfficeCode();
  d1(await setupCodeSql({ officeId, name, postcodes, code, nowMs: Date.now() }));
  console.log(
    `Office ${name} (${officeId}) registered.\nSetup code for its first admin (valid 7 days, show it only to them): ${formatOfficeCode(code)}`,
  );
}

async function pending(): Promise<void> {
  const rows = d1<{ office_id: string; name: string; postcodes: string; signing_key: string; created_at: number }>(
    'SELECT * FROM office_certificate_requests ORDER BY created_at',
  );
  const rotations = d1<{ office_id: string; next_key: string; created_at: number }>('SELECT * FROM office_rotations ORDER BY created_at');
  if (rows.length === 0 && rotations.length === 0) console.log('No identity key is waiting for a certificate.');
  for (const row of rotations)
    console.log(
      `${row.office_id}  rotation  new key fingerprint ${await fingerprint(fromBase64Url(row.next_key))}  since ${new Date(row.created_at).toISOString()}`,
    );
  for (const row of rows) {
    console.log(
      `${row.office_id}  ${row.name}  ${(JSON.parse(row.postcodes) as string[]).join(', ')}  fingerprint ${await fingerprint(fromBase64Url(row.signing_key))}  since ${new Date(row.created_at).toISOString()}`,
    );
  }
}

async function certify(officeId: string | undefined): Promise<void> {
  if (!officeId || !/^[A-Za-z0-9_-]{22}$/.test(officeId)) throw new Error('Name the office: npm run office:certify -- certify <officeId>');
  const [request] = d1<{ name: string; postcodes: string; signing_key: string }>(
    `SELECT * FROM office_certificate_requests WHERE office_id = ${literal(officeId)}`,
  );
  const [rotation] = d1<{ request: string; records: string }>(
    `SELECT request, records FROM office_rotations WHERE office_id = ${literal(officeId)}`,
  );
  if (!request && !rotation) throw new Error(`No identity key of office ${officeId} is waiting for a certificate.`);
  const root = rootKey();
  const rootPrivate = await importPrivateJwk(root.privateJwk, 'signing');
  // A root file whose halves do not match would issue certificates no client accepts.
  if ((await publicKeyFromPrivateJwk(root.privateJwk, 'signing')).toString() !== fromBase64Url(root.publicKey).toString())
    throw new Error('The root key file is inconsistent.');
  const now = Date.now();
  if (rotation)
    return rotate(
      officeId,
      v.parse(RotationRequestSchema, JSON.parse(rotation.request)),
      v.parse(v.array(DailyKeySchema), JSON.parse(rotation.records)),
      rootPrivate,
      now,
    );
  if (!request) return;
  const certificate = await issueOfficeCertificate(rootPrivate, {
    officeId,
    name: request.name,
    postcodes: JSON.parse(request.postcodes) as string[],
    signingKey: request.signing_key,
    notBefore: now - 60_000,
    notAfter: now + Number(values['valid-days']) * DAY_MS,
  });
  d1(
    `INSERT INTO offices (id, name, certificate, created_at) VALUES (${[officeId, certificate.name, JSON.stringify(certificate)].map(literal).join(', ')}, ${now}); DELETE FROM office_certificate_requests WHERE office_id = ${literal(officeId)};`,
  );
  console.log(
    `Certified ${certificate.name} (${officeId}), identity key fingerprint ${await fingerprint(fromBase64Url(certificate.signingKey))}, valid until ${new Date(certificate.notAfter).toISOString().slice(0, 10)}.`,
  );
}

/** Certifies an office's rotated identity key (scripts/office-rotation-certify.ts). */
async function rotate(officeId: string, request: RotationRequest, records: DailyKey[], rootPrivate: CryptoKey, now: number): Promise<void> {
  const [office] = d1<{ certificate: string; previous_certificates: string }>(
    `SELECT certificate, previous_certificates FROM offices WHERE id = ${literal(officeId)}`,
  );
  if (!office) throw new Error(`Office ${officeId} has no certificate to rotate.`);
  const current: OfficeCertificate = v.parse(OfficeCertificateSchema, JSON.parse(office.certificate));
  const previous = v.parse(v.array(OfficeCertificateSchema), JSON.parse(office.previous_certificates));
  console.log(`New identity key fingerprint ${await fingerprint(fromBase64Url(request.nextKey))}: compare it with the admin's screen.`);
  const { certificate, statements } = await rotationCertification({
    current,
    previous,
    request,
    records,
    rootPrivate,
    nowMs: now,
    validDays: Number(values['valid-days']),
  });
  d1(statements.map((statement) => `${statement};`).join(' '));
  console.log(
    `Rotated ${certificate.name} (${officeId}): identity key fingerprint ${await fingerprint(fromBase64Url(certificate.signingKey))}, valid until ${new Date(certificate.notAfter).toISOString().slice(0, 10)}. The admins' browsers complete the rotation at their next sign-in.`,
  );
}

const [command, argument] = positionals;
try {
  if (command === 'setup') await setup();
  else if (command === 'pending') await pending();
  else if (command === 'certify') await certify(argument);
  else throw new Error('Commands: setup --name … --postcodes …, pending, certify <officeId> (add --remote for the deployed database).');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
