/** Worker entry: HTTP through the Hono app, the daily retention job through the cron trigger. */
import { app } from './app.ts';
import type { Env } from './env.ts';
import { purgeExpired } from './retention.ts';

export default {
  fetch: app.fetch,
  scheduled(_controller, env, ctx) {
    const job = purgeExpired(env.DB, Date.now()).then((result) => console.log('retention purge', result));
    ctx.waitUntil(job);
    // Returned as well: locally, `wrangler dev --test-scheduled` answers GET /__scheduled only once
    // the job has ended (and with a 500 if it failed), so an operator or a test that triggers it
    // over HTTP sees the purge done, not merely started.
    return job;
  },
} satisfies ExportedHandler<Env>;
