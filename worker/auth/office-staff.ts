/**
 * Who is acting in the health-office API: a signed-in office account with its employee row.
 * Pending employees (joined, not yet admitted by an admin) may only see who they are; removed
 * employees are refused like strangers. The certificate is the one the admin's browser issued.
 */
import type { MiddlewareHandler } from 'hono';
import { eq } from 'drizzle-orm';
import type { OfficeCertificate } from '../../protocol/hierarchy.ts';
import { importPublicKey } from '../../protocol/keys.ts';
import { fromBase64Url } from '../../protocol/bytes.ts';
import { requireRole } from './session.ts';
import { type Database, database } from '../db/client.ts';
import { officeEmployees, offices } from '../db/schema.ts';
import type { AppEnv, OfficeStaff } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';

const signedIn = requireRole('office');

/** The caller as the actor of an audit entry: their account, checked against their own signing key. */
export function employeeActor(staff: OfficeStaff) {
  return { type: 'employee' as const, id: staff.accountId, signingKey: staff.signingKey };
}

/** Signs the caller in as office staff: active by default, or also pending, or admin only. */
export function requireStaff(level: 'pending' | 'active' | 'admin' = 'active'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await signedIn(c, async () => {
      const row = await database(c.env.DB).query.officeEmployees.findFirst({ where: eq(officeEmployees.accountId, c.get('account').id) });
      if (!row || row.status === 'removed') throw new ApiFailure(403, 'not_staff', 'This account no longer belongs to a health office.');
      if (level !== 'pending' && row.status !== 'active')
        throw new ApiFailure(403, 'not_admitted', 'An administrator of your office has not admitted you yet.');
      if (level === 'admin' && row.role !== 'admin')
        throw new ApiFailure(403, 'not_admin', 'Only an administrator of your office can do this.');
      c.set('staff', {
        accountId: row.accountId,
        officeId: row.officeId,
        role: row.role,
        status: row.status,
        signingKey: row.signingKey,
        deviceKey: row.deviceKey,
        certificate: row.certificate ?? null,
      });
      await next();
    });
  };
}

/** The office's certificate as stored (issued by the deployment's root), or undefined before. */
export async function officeCertificateOf(db: Database, officeId: string): Promise<OfficeCertificate | undefined> {
  const row = await db.query.offices.findFirst({ where: eq(offices.id, officeId) });
  return row ? row.certificate : undefined;
}

/** The office identity key the Worker checks signatures against: the certificate's key. */
export async function officeSigningKey(db: Database, officeId: string): Promise<CryptoKey> {
  const certificate = await officeCertificateOf(db, officeId);
  if (!certificate)
    throw new ApiFailure(
      409,
      'office_not_certified',
      'Your office has no certificate yet. Ask the deployment operator to run `npm run office:certify`.',
    );
  return importPublicKey(fromBase64Url(certificate.signingKey), 'signing');
}
