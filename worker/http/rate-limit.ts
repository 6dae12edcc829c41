/**
 * Per-client write budgets (trust model 11). The key is the connecting address, used only for the
 * limiter's in-memory counter and never stored. Locally and in tests the same binding runs in
 * workerd, so the limit is exercised for real.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from './errors.ts';

export function rateLimit(scope: string, limiter: 'WRITE_LIMITER' | 'TAN_LIMITER' = 'WRITE_LIMITER'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const client = c.req.header('cf-connecting-ip') ?? 'local';
    const { success } = await c.env[limiter].limit({ key: `${scope}:${client}` });
    if (!success) throw new ApiFailure(429, 'rate_limited', 'Too many requests. Please wait a minute and try again.');
    await next();
  };
}
