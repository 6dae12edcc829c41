/**
 * Bindings the Worker receives (wrangler.toml) and the variables its middleware sets on a request.
 * Only types, and none of them from a module that needs this one: env.ts stands below everything
 * else in worker/.
 */
import type { EmployeeCertificate } from '../protocol/data-request.ts';

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
  /**
   * The health office's own origin (e.g. https://office.luca.example), routed to this Worker too;
   * unset locally, where it is the app's host with `office.` before it (worker/http/hosts.ts).
   */
  OFFICE_ORIGIN?: string;
}

export type AccountRole = 'venue' | 'office';

/** The signed-in account (worker/auth/session.ts). */
export interface SessionAccount {
  id: string;
  role: AccountRole;
  displayName: string;
}

/** The signed-in office employee (worker/auth/office-staff.ts). */
export interface OfficeStaff {
  accountId: string;
  officeId: string;
  role: 'admin' | 'member';
  status: 'pending' | 'active';
  signingKey: string;
  deviceKey: string;
  certificate: EmployeeCertificate | null;
}

export interface AppEnv {
  Bindings: Env;
  /** Set by requireAccount / requireRole and requireStaff; read only on routes behind them. */
  Variables: { account: SessionAccount; staff: OfficeStaff };
}
