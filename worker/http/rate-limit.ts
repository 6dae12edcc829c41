/**
 * Per-client request budgets (trust model 11), in Workers Rate Limiting bindings (wrangler.toml).
 *
 * Which client a budget counts (docs/PROTOCOL.md "Rate limits"):
 * - behind a session guard (requireRole / requireStaff ran first), the signed-in account: one
 *   employee's TAN budget is theirs, whatever else happens at the same address (an office's NAT,
 *   a shared Wi-Fi);
 * - on public routes, and for every request a guard turns away as anonymous, the connecting
 *   address from `CF-Connecting-IP`, which Cloudflare's edge sets itself on every request (a value
 *   the client sent is replaced). Under `wrangler dev` miniflare sets it from the socket only when
 *   the request has none, so locally a client may pick its own: fine for tests, never deployed.
 * The address is used only as the limiter's in-memory key and never stored.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, SessionAccount } from '../env.ts';
import { RateLimited } from './errors.ts';
import { LIMITER_PERIOD_SECONDS, type Limiter } from './limiter-periods.ts';

/**
 * The client an address belongs to: IPv4 as is, IPv6 by its /64 prefix (one subscriber usually
 * gets a whole /64, so rotating addresses inside it must not multiply the budget).
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'local';
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export type { Limiter };

/**
 * Seconds until the current window of `periodSeconds` ends: 1 to periodSeconds. A binding counts in
 * fixed windows of its period starting at multiples of it since the epoch (miniflare's
 * implementation; Cloudflare documents only the period) and does not say when a window ends, so
 * Retry-After is computed from the period (LIMITER_PERIOD_SECONDS).
 */
export function secondsUntilWindowEnds(nowMs: number, periodSeconds: number): number {
  const periodMs = periodSeconds * 1000;
  return Math.max(1, Math.ceil((periodMs - (nowMs % periodMs)) / 1000));
}

async function spend(c: Context<AppEnv>, limiter: Limiter, key: string): Promise<void> {
  const { success } = await c.env[limiter].limit({ key });
  if (!success) throw new RateLimited(secondsUntilWindowEnds(Date.now(), LIMITER_PERIOD_SECONDS[limiter]));
}

/** The key a budget counts: the account behind a session guard, else the connecting address. */
export function budgetKey(c: Context<AppEnv>): string {
  // AppEnv types the account as set (for routes behind a guard); on a public route it is not.
  const account = c.get('account') as SessionAccount | undefined;
  return account ? `account:${account.id}` : `address:${clientKey(c.req.header('cf-connecting-ip'))}`;
}

/**
 * Spends one unit of `scope`'s budget in `limiter`. Mounted after a session guard it counts per
 * account (so anonymous traffic at the same address cannot spend it); on a public route, per address.
 */
export function rateLimit(scope: string, limiter: Limiter = 'WRITE_LIMITER'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await spend(c, limiter, `${scope}:${budgetKey(c)}`);
    await next();
  };
}

/**
 * The per-address budget in front of every route that needs a session, spent only by requests
 * the guard finds anonymous (no session, or one that ended): a flood of them gets 429 instead of
 * 401, and never touches a signed-in account's budgets.
 */
export async function spendAnonymous(c: Context<AppEnv>): Promise<void> {
  await spend(c, 'WRITE_LIMITER', `anonymous:${budgetKey(c)}`);
}
