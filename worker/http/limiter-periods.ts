/**
 * Each rate-limit binding's period in seconds, as wrangler.toml declares it
 * (scripts/deploy-config.test.ts holds the two together). No imports: the Node-side config test
 * reads it without the Workers types.
 */
export type Limiter = 'WRITE_LIMITER' | 'TAN_LIMITER' | 'TRANSFER_LIMITER';

export const LIMITER_PERIOD_SECONDS: Record<Limiter, 10 | 60> = { WRITE_LIMITER: 60, TAN_LIMITER: 60, TRANSFER_LIMITER: 60 };
