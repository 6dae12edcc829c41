/** Bindings and variables the Worker receives (wrangler.toml). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Per-client request budget for writes (Workers Rate Limiting binding). */
  WRITE_LIMITER: RateLimit;
}

export interface AppEnv {
  Bindings: Env;
}
