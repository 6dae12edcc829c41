/**
 * Signed chain heads (trust model 6, protocol/audit-head.ts): an employee's browser posts the
 * head of the chain it just verified, signed with their key, and reads the other employees'
 * newest heads to check against its own chain. The Worker stores only a head that is the caller's
 * own, about their office, dated now, signed by their key and true of the chain as stored: an
 * honest server never relays a head that would raise a false alarm on another device.
 */
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { officeAuditRoutes as routes } from '../../../protocol/api/office-audit.ts';
import { verifyAuditHead } from '../../../protocol/audit-head.ts';
import { fromBase64Url } from '../../../protocol/bytes.ts';
import { AUDIT_FRESHNESS_MS } from '../../audit/append.ts';
import { database } from '../../db/client.ts';
import { auditHeads, auditLog, officeEmployees } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';
import { requireStaff } from '../../auth/office-staff.ts';

export const officeAuditHeadsRouter = new Hono<AppEnv>()
  .get('/', requireStaff('active'), async (c) => {
    const officeId = c.get('staff').officeId;
    // Only the heads of the office's active employees: a removed employee's key no longer counts.
    const rows = await database(c.env.DB)
      .select({ head: auditHeads.head })
      .from(auditHeads)
      .innerJoin(officeEmployees, eq(officeEmployees.accountId, auditHeads.employeeId))
      .where(and(eq(auditHeads.officeId, officeId), eq(officeEmployees.officeId, officeId), eq(officeEmployees.status, 'active')));
    return reply(c, routes.heads, { heads: rows.map((row) => row.head) });
  })
  .post('/', requireStaff('active'), rateLimit('office-audit-head'), validate('json', routes.postHead.body), async (c) => {
    const staff = c.get('staff');
    const { head } = c.req.valid('json');
    if (head.officeId !== staff.officeId || head.employeeId !== staff.accountId)
      throw new ApiFailure(422, 'audit_mismatch', 'A head states your own office and your own account.');
    if (Math.abs(head.at - Date.now()) > AUDIT_FRESHNESS_MS)
      throw new ApiFailure(422, 'audit_stale', 'The head is not dated now; check the device clock.');
    if (!(await verifyAuditHead(head, fromBase64Url(staff.signingKey))))
      throw new ApiFailure(422, 'audit_signature', 'The head is not signed by your key.');
    const db = database(c.env.DB);
    const entry = await db
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .where(and(eq(auditLog.officeId, staff.officeId), eq(auditLog.seq, head.seq)))
      .get();
    if (entry?.hash !== head.hash)
      throw new ApiFailure(422, 'audit_mismatch', 'The head names no entry of your office’s chain as it stands.');
    // One head per employee, never moved back: a device that checked an older chain does not hide a newer head.
    await c.env.DB.prepare(
      `INSERT INTO audit_heads (office_id, employee_id, seq, head, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (office_id, employee_id) DO UPDATE SET seq = excluded.seq, head = excluded.head, created_at = excluded.created_at
       WHERE excluded.seq >= audit_heads.seq`,
    )
      .bind(staff.officeId, staff.accountId, head.seq, JSON.stringify(head), Date.now())
      .run();
    return reply(c, routes.postHead, { seq: head.seq });
  });
