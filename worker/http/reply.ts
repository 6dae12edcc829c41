/**
 * Answers a route of the contract (protocol/api/) with a body typed by the route's response
 * schema, and with the route's status: a handler that answers another shape does not compile.
 * Worker tests check the answers at run time too (worker/test/http.ts).
 */
import type { Context } from 'hono';
import type { ReplyOf, RouteSpec } from '../../protocol/api/route.ts';

export function reply<R extends RouteSpec>(c: Context, spec: R, body: ReplyOf<R>): Response {
  return c.json(body as object, spec.status ?? 200);
}
