import { Hono } from 'hono';
import { directoryRoutes } from '../../protocol/api/directory.ts';
import type { AppEnv } from '../env.ts';
import { reply } from '../http/reply.ts';

/** Liveness and database reachability, for monitoring and the README's smoke check. */
export const healthRouter = new Hono<AppEnv>().get('/', async (c) => {
  const row = await c.env.DB.prepare('SELECT 1 AS ok').first();
  return reply(c, directoryRoutes.health, { status: 'ok', database: row?.ok === 1 ? 'ok' : 'unavailable' });
});
