/**
 * An office's people (trust model 12): who am I, the employee list, one-time invite codes, and
 * removal. Admission (certificate + key grants) is in keys.ts, because it hands over keys.
 * Removing an employee ends their sessions, deletes their passkeys and key grants, and keeps the
 * row (status removed) so that their past audit entries still verify.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { officeStaffRoutes as routes } from '../../../protocol/api/office-staff.ts';
import { generateOfficeCode, officeCodeHash } from '../../../protocol/office-keyring.ts';
import { DAY_MS } from '../../../protocol/time.ts';
import { database } from '../../db/client.ts';
import {
  accounts,
  officeCertificateRequests,
  officeCodes,
  officeEmployees,
  officeKeyGrants,
  officeRotations,
  offices,
  passkeys,
  sessions,
} from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';
import { requireStaff } from '../../auth/office-staff.ts';

export const INVITE_VALIDITY_MS = 7 * DAY_MS;

export const officeStaffRouter = new Hono<AppEnv>()
  .get('/me', requireStaff('pending'), async (c) => {
    const staff = c.get('staff');
    const db = database(c.env.DB);
    const [office, pendingCertificate, rotation] = await Promise.all([
      db.query.offices.findFirst({ where: eq(offices.id, staff.officeId) }),
      db.query.officeCertificateRequests.findFirst({ where: eq(officeCertificateRequests.officeId, staff.officeId) }),
      db.query.officeRotations.findFirst({ where: eq(officeRotations.officeId, staff.officeId) }),
    ]);
    const account = c.get('account');
    return reply(c, routes.me, {
      account: { id: account.id, role: 'office', displayName: account.displayName },
      staff: { officeId: staff.officeId, role: staff.role, status: staff.status, certificate: staff.certificate },
      office: {
        certificate: office?.certificate ?? null,
        certificateRequest: pendingCertificate
          ? { name: pendingCertificate.name, postcodes: pendingCertificate.postcodes, signingKey: pendingCertificate.signingKey }
          : null,
        previousCertificates: office?.previousCertificates ?? [],
        rotationRequest: rotation ? { nextKey: rotation.nextKey, requestedAt: rotation.request.requestedAt } : null,
      },
    });
  })
  .get('/employees', requireStaff('active'), async (c) => {
    const rows = await database(c.env.DB)
      .select({ employee: officeEmployees, displayName: accounts.displayName })
      .from(officeEmployees)
      .innerJoin(accounts, eq(accounts.id, officeEmployees.accountId))
      .where(eq(officeEmployees.officeId, c.get('staff').officeId));
    return reply(c, routes.employees, {
      employees: rows.map(({ employee, displayName }) => ({
        accountId: employee.accountId,
        displayName,
        role: employee.role,
        status: employee.status,
        deviceKey: employee.deviceKey,
        signingKey: employee.signingKey,
        certificate: employee.certificate ?? null,
        createdAt: employee.createdAt,
      })),
    });
  })
  .post('/invites', requireStaff('admin'), rateLimit('office-invite'), validate('json', routes.invite.body), async (c) => {
    const code = generateOfficeCode();
    const expiresAt = Date.now() + INVITE_VALIDITY_MS;
    const staff = c.get('staff');
    await database(c.env.DB)
      .insert(officeCodes)
      .values({
        codeHash: await officeCodeHash(code),
        kind: 'invite',
        officeId: staff.officeId,
        role: c.req.valid('json').role,
        createdBy: staff.accountId,
        expiresAt,
      });
    // Shown once to the admin, who passes it on; only its hash stays here.
    return reply(c, routes.invite, { code, expiresAt });
  })
  .delete('/employees/:accountId', requireStaff('admin'), validate('param', routes.remove.params), async (c) => {
    const { accountId } = c.req.valid('param');
    const staff = c.get('staff');
    if (accountId === staff.accountId) throw new ApiFailure(409, 'remove_self', 'You cannot remove yourself; ask another administrator.');
    const db = database(c.env.DB);
    const target = await db.query.officeEmployees.findFirst({
      where: and(eq(officeEmployees.accountId, accountId), eq(officeEmployees.officeId, staff.officeId)),
    });
    if (!target || target.status === 'removed') throw new ApiFailure(404, 'unknown_employee', 'There is no such employee in your office.');
    await db.batch([
      db.delete(officeKeyGrants).where(eq(officeKeyGrants.accountId, accountId)),
      db.delete(sessions).where(eq(sessions.accountId, accountId)),
      db.delete(passkeys).where(eq(passkeys.accountId, accountId)),
      db.update(officeEmployees).set({ status: 'removed' }).where(eq(officeEmployees.accountId, accountId)),
      // Codes they issued and nobody used yet go with them.
      db.delete(officeCodes).where(and(eq(officeCodes.createdBy, accountId), isNull(officeCodes.usedAt))),
    ]);
    return reply(c, routes.remove, { removed: true });
  });
