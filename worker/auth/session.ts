/**
 * Sessions for people who sign in with passkeys (trust model 12): a random 32-byte token in a
 * `__Host-` cookie that is HttpOnly, Secure and SameSite=Strict; the database keeps only its
 * SHA-256. A venue operator's session ends after 8 hours without use and 30 days after sign-in
 * at the latest; a health-office employee's (who can read contact data) after 30 minutes without
 * use and 12 hours after sign-in.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { eq } from 'drizzle-orm';
import { randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../protocol/time.ts';
import { database } from '../db/client.ts';
import { accounts, sessions } from '../db/schema.ts';
import type { AccountRole, AppEnv, SessionAccount } from '../env.ts';
import { hashSessionToken } from './session-token.ts';
import { ApiFailure } from '../http/errors.ts';
import { spendAnonymous } from '../http/rate-limit.ts';

export const SESSION_COOKIE = '__Host-luca-session';
export const SESSION_IDLE_MS = 8 * HOUR_MS;
export const SESSION_MAX_MS = 30 * DAY_MS;
export const OFFICE_SESSION_IDLE_MS = 30 * MINUTE_MS;
export const OFFICE_SESSION_MAX_MS = 12 * HOUR_MS;

function limitsFor(role: AccountRole): { idle: number; max: number } {
  return role === 'office' ? { idle: OFFICE_SESSION_IDLE_MS, max: OFFICE_SESSION_MAX_MS } : { idle: SESSION_IDLE_MS, max: SESSION_MAX_MS };
}

export async function startSession(c: Context<AppEnv>, accountId: string, role: AccountRole): Promise<void> {
  const token = toBase64Url(randomBytes(32));
  const now = Date.now();
  const limits = limitsFor(role);
  await database(c.env.DB)
    .insert(sessions)
    .values({ tokenHash: await hashSessionToken(token), accountId, createdAt: now, lastSeenAt: now, expiresAt: now + limits.idle });
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: limits.max / 1000 });
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token)
    await database(c.env.DB)
      .delete(sessions)
      .where(eq(sessions.tokenHash, await hashSessionToken(token)));
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}

/** The signed-in account, or undefined. Extends the idle timeout (at most once a minute). */
export async function currentAccount(c: Context<AppEnv>): Promise<SessionAccount | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const db = database(c.env.DB);
  const tokenHash = await hashSessionToken(token);
  const row = await db
    .select({ session: sessions, account: accounts })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, tokenHash))
    .get();
  const now = Date.now();
  if (!row) return undefined;
  const limits = limitsFor(row.account.role);
  if (row.session.expiresAt < now || row.session.createdAt + limits.max < now || now - row.session.lastSeenAt > limits.idle)
    return undefined;
  if (now - row.session.lastSeenAt > MINUTE_MS) {
    const expiresAt = Math.min(now + limits.idle, row.session.createdAt + limits.max);
    await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.tokenHash, tokenHash));
  }
  return { id: row.account.id, role: row.account.role, displayName: row.account.displayName };
}

/**
 * Turns an anonymous caller away: 401, after spending the address's anonymous budget (429 once it
 * is spent, rate-limit.ts), so a flood without a session never reaches a signed-in account's budgets.
 */
async function refuseAnonymous(c: Context<AppEnv>): Promise<never> {
  await spendAnonymous(c);
  throw new ApiFailure(401, 'not_signed_in', 'Please sign in with your passkey.');
}

/** Refuses anonymous callers with 401; the account is then `c.get('account')`. */
export const requireAccount: MiddlewareHandler<AppEnv> = async (c, next) => {
  const account = (await currentAccount(c)) ?? (await refuseAnonymous(c));
  c.set('account', account);
  await next();
};

/** Like requireAccount, and refuses accounts of the other kind (an office login is no venue login). */
export function requireRole(role: AccountRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A router guarded on its own and mounted under a guarded one reads the session once. AppEnv
    // types the account as always set (for the routes behind a guard); here, in the guard, it may not be yet.
    const known = c.get('account') as SessionAccount | undefined;
    const account = known ?? (await currentAccount(c)) ?? (await refuseAnonymous(c));
    if (account.role !== role)
      throw new ApiFailure(403, 'wrong_account', role === 'office' ? 'This is for health-office staff.' : 'This is for venue operators.');
    c.set('account', account);
    await next();
  };
}

/**
 * Cross-site request forgery guard for cookie-authenticated writes: besides SameSite=Strict,
 * a state-changing request must come from our own origin (browsers always send Origin on them).
 */
export const sameOriginWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.header('origin') !== new URL(c.req.url).origin) {
    throw new ApiFailure(403, 'cross_origin', 'This request must come from the luca app itself.');
  }
  await next();
};
