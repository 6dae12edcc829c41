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
import { sessionCookieFor } from '../test/office.ts';
import { venueAuditRouter } from './venue-audit.ts';

const bare = new Hono<AppEnv>().route('/audit', venueAuditRouter).onError(handleError);
const read = (cookie?: string) => bare.request('https://luca.test/audit', { headers: cookie ? { cookie } : {} }, env);

describe('the venue audit view on its own', () => {
  it('refuses anonymous callers and office accounts, and answers a venue operator', async () => {
    const anonymous = await read();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'not_signed_in' } });

    const officeAccount = newId();
    await env.DB.prepare('INSERT INTO accounts (id, role, display_name, user_handle, created_at) VALUES (?, ?, ?, ?, ?)').bind(officeAccount, 'office', 'Amt', newId(), Date.now()).run();
    const office = await read(await sessionCookieFor(officeAccount));
    expect(office.status).toBe(403);
    expect(await office.json()).toMatchObject({ error: { code: 'wrong_account' } });

    const operator = await signedInOperator();
    const own = await read(operator.cookie);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ entries: [] });
  });
});
