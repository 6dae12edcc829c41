/** Worker entry: HTTP through the Hono app, the daily retention job through the cron trigger. */
import { app } from './app.ts';
import type { Env } from './env.ts';
import { purgeExpired } from './retention.ts';

export default {
  fetch: app.fetch,
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(purgeExpired(env.DB, Date.now()).then((result) => console.log('retention purge', result)));
  },
} satisfies ExportedHandler<Env>;
