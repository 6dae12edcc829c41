/**
 * What wrangler.toml promises for a deployment, read the way `wrangler deploy` reads it: the
 * retention job is scheduled (trust model 7), every write route has its limiter (11), no path is
 * answered from static files before the Worker chose the origin that serves it (12), and no per-request logs keep request metadata (1).
 */
import { resolve } from 'node:path';
import * as v from 'valibot';
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { LIMITER_PERIOD_SECONDS } from '../worker/http/limiter-periods.ts';

/**
 * The parts of wrangler's Config this test reads. Wrangler's own type comes from
 * @cloudflare/workers-utils, which it bundles without installing its types, so it reaches
 * TypeScript unresolved: the value is checked against this schema instead.
 */
const DeployConfigSchema = v.object({
  observability: v.optional(v.object({ logs: v.optional(v.object({ invocation_logs: v.optional(v.boolean()) })) })),
  triggers: v.object({ crons: v.optional(v.array(v.string())) }),
  ratelimits: v.array(v.object({ name: v.string(), simple: v.object({ limit: v.number(), period: v.number() }) })),
  assets: v.optional(v.object({ run_worker_first: v.optional(v.union([v.boolean(), v.array(v.string())])) })),
});

const read: unknown = unstable_readConfig({ config: resolve(import.meta.dirname, '../wrangler.toml') });
const config = v.parse(DeployConfigSchema, read);

describe('deployment configuration', () => {
  it('keeps no per-request invocation logs', () => {
    expect(config.observability?.logs?.invocation_logs).toBe(false);
  });

  it('runs the retention job every day', () => {
    expect(config.triggers.crons).toHaveLength(1);
    expect(config.triggers.crons?.[0]).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it('binds the rate limiters the routes use', () => {
    expect(config.ratelimits.map((limit) => limit.name).sort()).toEqual(['TAN_LIMITER', 'TRANSFER_LIMITER', 'WRITE_LIMITER']);
  });

  it('gives each limiter the period its Retry-After is computed from', () => {
    expect(Object.fromEntries(config.ratelimits.map((limit) => [limit.name, limit.simple.period]))).toEqual(LIMITER_PERIOD_SECONDS);
  });

  it('sends every path to the Worker before any static file (it decides by host which origin serves what)', () => {
    // /__scheduled among them: locally, `wrangler dev --test-scheduled` answers it inside the Worker
    // (the retention job's HTTP trigger, scripts/local-server.ts); deployed, the Worker has no such
    // route and hands it to the static files like any unknown path.
    expect(config.assets?.run_worker_first).toBe(true);
  });
});
