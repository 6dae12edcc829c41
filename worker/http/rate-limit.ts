/**
 * Per-client write budgets (trust model 11). The key is the connecting address, used only for the
 * limiter's in-memory counter and never stored. Locally and in tests the same binding runs in
 * workerd, so the limit is exercised for real.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from './errors.ts';

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

export type Limiter = 'WRITE_LIMITER' | 'TAN_LIMITER' | 'TRANSFER_LIMITER';

export function rateLimit(scope: string, limiter: Limiter = 'WRITE_LIMITER'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const client = clientKey(c.req.header('cf-connecting-ip'));
    const { success } = await c.env[limiter].limit({ key: `${scope}:${client}` });
    if (!success) throw new ApiFailure(429, 'rate_limited', 'Too many requests. Please wait a minute and try again.');
    await next();
  };
}
