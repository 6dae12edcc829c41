/**
 * One API route as both sides see it: method and path, who may call it, the schemas of what goes
 * in (path parameters, query, JSON body) and of what comes back, and the refusals it can answer.
 * The Worker validates its input with these schemas and types its answer against `response`
 * (worker/http/reply.ts); the browser's client (client/api.ts) builds the request from the same
 * route and checks the answer against `response`, so a changed shape fails at once, in the
 * compiler or at the boundary, not three screens later.
 *
 * Routes are grouped by resource in protocol/api/*.ts and listed in protocol/api/index.ts.
 */
import type * as v from 'valibot';
import type { ApiErrorCode } from '../errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may call a route. Each kind brings the refusals of its guard (ACCESS_ERRORS): a venue
 * route can always answer `not_signed_in`, an admin route `not_admin`, and so on.
 */
export type Access = 'public' | 'account' | 'venue' | 'office-pending' | 'office' | 'office-admin';

type Schema = v.GenericSchema;

export interface RouteSpec {
  readonly method: Method;
  /** Hono-style: `/api/venues/:venueId`. */
  readonly path: `/api/${string}`;
  readonly access: Access;
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  readonly response: Schema;
  /** 200 unless the route creates something (201). */
  readonly status?: 200 | 201;
  /**
   * A creating route whose ids the client draws recognises a retried request (stored earlier, the
   * same content) and answers it with this status instead, creating nothing; same response schema.
   */
  readonly retryStatus?: 200;
  /** This route's own refusals, besides its access's and every route's (COMMON_ERRORS). */
  readonly errors: readonly ApiErrorCode[];
}

/** Defines a route, keeping its literal types (path, schemas) for callers and handlers. */
export function route<const R extends RouteSpec>(spec: R): R {
  return spec;
}

/** Refusals any route can answer: malformed input, a body too large, too many requests. */
export const COMMON_ERRORS = [
  'invalid_input',
  'bad_request',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
] as const satisfies readonly ApiErrorCode[];

/** The refusals each kind of guard adds (writes with a cookie are also checked for their origin). */
export const ACCESS_ERRORS = {
  public: [],
  account: ['not_signed_in', 'cross_origin'],
  venue: ['not_signed_in', 'wrong_account', 'cross_origin'],
  'office-pending': ['not_signed_in', 'wrong_account', 'cross_origin', 'not_staff'],
  office: ['not_signed_in', 'wrong_account', 'cross_origin', 'not_staff', 'not_admitted'],
  'office-admin': ['not_signed_in', 'wrong_account', 'cross_origin', 'not_staff', 'not_admitted', 'not_admin'],
} as const satisfies Record<Access, readonly ApiErrorCode[]>;

/** What a route that appends a signed entry to an office's audit chain can refuse (worker/audit/append.ts). */
export const AUDITED_ERRORS = [
  'audit_mismatch',
  'audit_stale',
  'audit_signature',
  'audit_replayed',
  'already_done',
] as const satisfies readonly ApiErrorCode[];

/** Every refusal `spec` may answer. */
export function refusalsOf(spec: RouteSpec): ReadonlySet<ApiErrorCode> {
  const host: ApiErrorCode[] = hostOf(spec) === 'any' ? [] : ['wrong_host'];
  return new Set<ApiErrorCode>([...COMMON_ERRORS, ...ACCESS_ERRORS[spec.access], ...spec.errors, ...host]);
}

/**
 * Which of the deployment's two origins answers a route (PROTOCOL.md "Origins"): the health
 * office's routes only its own origin (office.<app host>), whose cookie, storage and service
 * worker no script of the guest app, the venue app or an embedded widget frame can reach; the
 * venue operator's routes and venue sign-up only the app origin; the rest (sign-in, the public
 * directory, check-ins, sharing) both. Anywhere else a route answers 421 `wrong_host`.
 */
export type RouteHost = 'app' | 'office' | 'any';

export function hostOf(spec: RouteSpec): RouteHost {
  if (spec.access === 'office' || spec.access === 'office-admin' || spec.access === 'office-pending') return 'office';
  if (spec.path.startsWith('/api/office/')) return 'office';
  if (spec.access === 'venue' || spec.path.startsWith('/api/venue-admin/') || spec.path.startsWith('/api/auth/register/')) return 'app';
  return 'any';
}

type Trim<P extends string> = P extends `${infer Head}/${string}` ? Head : P;
/** `:venueId` and `:requestId` out of `/api/venues/:venueId/requests/:requestId`. */
export type ParamNames<P extends string> = P extends `${string}:${infer Rest}` ? Trim<Rest> | ParamNames<Rest> : never;

type Infer<S, Side extends 'input' | 'output'> = S extends Schema ? (Side extends 'input' ? v.InferInput<S> : v.InferOutput<S>) : never;

/** What a caller passes: the path's parameters, and the query and body where the route takes them. */
export type RequestOf<R extends RouteSpec> = ([ParamNames<R['path']>] extends [never]
  ? unknown
  : { params: Record<ParamNames<R['path']>, string> }) &
  (R extends { query: Schema } ? { query: Infer<R['query'], 'input'> } : unknown) &
  (R extends { body: Schema } ? { body: Infer<R['body'], 'input'> } : unknown);

/** What the Worker must answer (before the schema's transformations). */
export type ReplyOf<R extends RouteSpec> = Infer<R['response'], 'input'>;
/** What a caller gets, checked against the schema. */
export type ResponseOf<R extends RouteSpec> = Infer<R['response'], 'output'>;

/** The path with its parameters filled in (each percent-encoded), and the query appended. */
export function pathOf(
  spec: RouteSpec,
  params: Readonly<Record<string, string>> = {},
  query?: Readonly<Record<string, string | undefined>>,
): string {
  const path = spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${spec.method} ${spec.path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const entries = Object.entries(query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return entries.length > 0 ? `${path}?${new URLSearchParams(entries).toString()}` : path;
}

/** Does a concrete path (no query) name this route? Used by tests to find the route of a request. */
export function matchesPath(spec: RouteSpec, method: string, path: string): boolean {
  if (spec.method !== method) return false;
  const pattern = spec.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

/** How many fixed segments a route's path has: a request matching two routes belongs to the more specific one. */
export function specificity(spec: RouteSpec): number {
  return spec.path.split('/').filter((segment) => segment !== '' && !segment.startsWith(':')).length;
}
