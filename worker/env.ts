/** Bindings and variables the Worker receives (wrangler.toml). */
import type { SessionAccount } from './auth/session.ts';
import type { OfficeStaff } from './office/staff.ts';

export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Per-client request budget for writes (Workers Rate Limiting binding). */
  WRITE_LIMITER: RateLimit;
  /** A much smaller budget for TAN redemptions: guessing is cut off after a few tries. */
  TAN_LIMITER: RateLimit;
  /** Sharing a history stores up to 128 KB: a few per minute per client. */
  TRANSFER_LIMITER: RateLimit;
  /** The deployment's public origin (e.g. https://luca.example); unset locally. Pins the passkey relying party. */
  APP_ORIGIN?: string;
}

export interface AppEnv {
  Bindings: Env;
  /** Set by requireAccount / requireRole and requireStaff; read only on routes behind them. */
  Variables: { account: SessionAccount; staff: OfficeStaff };
}
