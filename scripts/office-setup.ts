/**
 * Office setup codes (protocol/office-keyring.ts), as the deployment issues them: for a new
 * office (its first admin's browser then makes the identity key; `npm run office:certify`
 * certifies it), or for an office whose keys the deployment already holds, such as the local
 * demo office: then the code carries those keys, sealed under the code.
 */
import { type KeyBundle, officeCodeHash, sealSetupBundle } from '../protocol/office-keyring.ts';
import type { ProvisionedOffice } from '../protocol/provisioning.ts';
import { DAY_MS } from '../protocol/time.ts';

export const SETUP_CODE_VALIDITY_DAYS = 7;

function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

export function bundleOf(office: ProvisionedOffice): KeyBundle {
  const members = (jwk: JsonWebKey) =>
    Object.fromEntries(
      Object.entries({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d }).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  return {
    identity: members(office.signingPrivateJwk),
    daily: office.dailyKeys.map((entry) => ({ keyId: entry.key.keyId, day: entry.key.day, jwk: members(entry.privateJwk) })),
  };
}

/**
 * SQL that stores a setup code (its hash) for the office. Re-running it for the same code
 * refreshes the carried keys and expiry but never revives a code that was used.
 */
export async function setupCodeSql(options: {
  officeId: string;
  name: string;
  postcodes: readonly string[];
  code: string;
  bundle?: KeyBundle;
  nowMs: number;
  validDays?: number;
}): Promise<string> {
  const expiresAt = options.nowMs + (options.validDays ?? SETUP_CODE_VALIDITY_DAYS) * DAY_MS;
  const bundle = options.bundle ? await sealSetupBundle(options.code, options.bundle) : null;
  const values = [
    await officeCodeHash(options.code),
    'setup',
    options.officeId,
    'admin',
    options.name,
    JSON.stringify(options.postcodes),
    bundle,
    expiresAt,
  ]
    .map(literal)
    .join(', ');
  return `INSERT INTO office_codes (code_hash, kind, office_id, role, office_name, postcodes, bundle, expires_at) VALUES (${values}) ON CONFLICT(code_hash) DO UPDATE SET bundle = excluded.bundle, expires_at = excluded.expires_at WHERE office_codes.used_at IS NULL;`;
}
