/**
 * The venue operator's audit view guards itself: mounted on its own, without the venue-admin
 * router's guard around it, it still refuses anonymous callers and office accounts.
 */
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { newId } from '../../protocol/ids.ts';
import type { AppEnv } from '../env.ts';
import { handleError } from '../http/errors.ts';
import { signedInOperator } from '../test/accounts.ts';
import { expectContract } from '../test/http.ts';
import { sessionCookieFor } from '../test/office.ts';
import { venueAuditRouter } from './venue-audit.ts';

const bare = new Hono<AppEnv>().route('/audit', venueAuditRouter).onError(handleError);
/** Answered by the bare router, and still held to the contract of the route it is mounted as. */
async function read(cookie?: string): Promise<Response> {
  const response = await bare.request('https://luca.test/audit', { headers: cookie ? { cookie } : {} }, env);
  await expectContract('GET', '/api/venue-admin/requests/audit', response.clone());
  return response;
}

describe('the venue audit view on its own', () => {
  it('refuses anonymous callers and office accounts, and answers a venue operator', async () => {
    const anonymous = await read();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'not_signed_in' } });

    const officeAccount = newId();
    await env.DB.prepare('INSERT INTO accounts (id, role, display_name, user_handle, created_at) VALUES (?, ?, ?, ?, ?)')
      .bind(officeAccount, 'office', 'Amt', newId(), Date.now())
      .run();
    const office = await read(await sessionCookieFor(officeAccount));
    expect(office.status).toBe(403);
    expect(await office.json()).toMatchObject({ error: { code: 'wrong_account' } });

    const operator = await signedInOperator();
    const own = await read(operator.cookie);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ entries: [] });
  });
});
