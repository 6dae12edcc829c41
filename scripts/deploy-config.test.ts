/**
 * What wrangler.toml promises for a deployment, read the way `wrangler deploy` reads it: the
 * retention job is scheduled (trust model 7), every write route has its limiter (11), the API is
 * never answered from static files, and no per-request logs keep request metadata (1).
 */
import { resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';

const config = unstable_readConfig({ config: resolve(import.meta.dirname, '../wrangler.toml') });

describe('deployment configuration', () => {
  it('keeps no per-request invocation logs', () => {
    expect(config.observability?.logs?.invocation_logs).toBe(false);
  });

  it('runs the retention job every day', () => {
    expect(config.triggers.crons).toHaveLength(1);
    expect(config.triggers.crons?.[0]).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it('binds the rate limiters the routes use', () => {
    expect(config.ratelimits.map((limit: { name: string }) => limit.name).sort()).toEqual(['TAN_LIMITER', 'TRANSFER_LIMITER', 'WRITE_LIMITER']);
  });

  it('sends every API and widget path to the Worker before any static file', () => {
    expect(config.assets?.run_worker_first).toEqual(['/api/*', '/widget/*']);
  });
});
