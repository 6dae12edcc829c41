/**
 * The contract covers the whole API: every route the Worker's router serves under /api is a route
 * of protocol/api/ (same method and path), and every route of the contract is served. A handler
 * added without its contract, or a contract whose handler was removed, fails here.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../protocol/api/index.ts';
import { app } from './app.ts';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

function served(): string[] {
  // Hono lists middleware too (method ALL, or the same path twice): keep one entry per handler path.
  const routes = app.routes.filter((entry) => METHODS.has(entry.method) && entry.path.startsWith('/api/'));
  return [...new Set(routes.map((entry) => `${entry.method} ${entry.path.replace(/\/$/, '')}`))].sort();
}

describe('the API contract', () => {
  it('names exactly the routes the Worker serves', () => {
    const declared = [...new Set(ROUTES.map((spec) => `${spec.method} ${spec.path}`))].sort();
    expect(served().length).toBeGreaterThan(50);
    expect(declared).toEqual(served());
  });

  it('declares each route once', () => {
    const keys = ROUTES.map((spec) => `${spec.method} ${spec.path}`);
    expect(keys.length).toBe(new Set(keys).size);
  });
});
