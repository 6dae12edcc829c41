import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

/** Liveness and database reachability, for monitoring and the README's smoke check. */
export const healthRouter = new Hono<AppEnv>().get('/', async (c) => {
  const row = await c.env.DB.prepare('SELECT 1 AS ok').first<{ ok: number }>();
  return c.json({ status: 'ok', database: row?.ok === 1 ? 'ok' : 'unavailable' });
});
