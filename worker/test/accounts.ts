/**
 * Signed-in callers for Worker tests: an account and a session row made directly (the passkey
 * ceremony itself is exercised in the browser tests with a virtual authenticator).
 */
import { env } from 'cloudflare:workers';
import { randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import { newId } from '../../protocol/ids.ts';
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../auth/session.ts';
import { hashSessionToken } from '../auth/session-token.ts';

export interface TestOperator {
  id: string;
  cookie: string;
}

export async function signedInOperator(name = 'Test Operator', options: { expired?: boolean } = {}): Promise<TestOperator> {
  const id = newId();
  const token = toBase64Url(randomBytes(32));
  const now = Date.now();
  await env.DB.prepare('INSERT INTO accounts (id, role, display_name, user_handle, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(id, 'venue', name, newId(), now)
    .run();
  const hash = await hashSessionToken(token);
  await env.DB.prepare('INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .bind(hash, id, now, now, options.expired ? now - 1 : now + SESSION_IDLE_MS)
    .run();
  return { id, cookie: `${SESSION_COOKIE}=${token}` };
}
