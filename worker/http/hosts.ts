/**
 * The deployment's two origins, served by this one Worker (PROTOCOL.md "Origins"): the app
 * origin (guest app, venue app, the widget frame other websites embed) and the health office's
 * own origin, whose host is `office.` before the app's (http://office.localhost:8787 locally;
 * OFFICE_ORIGIN in production). A script injected anywhere on the app origin then has no way to
 * the office's IndexedDB keys, its session cookie (host-only) or its service worker.
 */
import type { Context } from 'hono';
import type { RouteHost } from '../../protocol/api/route.ts';
import type { AppEnv } from '../env.ts';

export type HostKind = Exclude<RouteHost, 'any'>;

const OFFICE_PREFIX = 'office.';

/** Which origin a request reached: the office's if its host is the configured (or, locally, `office.`-prefixed) one. */
export function hostKind(c: Context<AppEnv>): HostKind {
  const url = new URL(c.req.url);
  if (c.env.OFFICE_ORIGIN !== undefined) return url.host === new URL(c.env.OFFICE_ORIGIN).host ? 'office' : 'app';
  return url.hostname.startsWith(OFFICE_PREFIX) ? 'office' : 'app';
}

/** The origin of `kind` as seen from this request: pinned by the deployment, else derived from the request's host. */
export function originOf(c: Context<AppEnv>, kind: HostKind): string {
  const pinned = kind === 'office' ? c.env.OFFICE_ORIGIN : c.env.APP_ORIGIN;
  if (pinned !== undefined) return new URL(pinned).origin;
  const url = new URL(c.req.url);
  const appHost = url.host.startsWith(OFFICE_PREFIX) ? url.host.slice(OFFICE_PREFIX.length) : url.host;
  return `${url.protocol}//${kind === 'office' ? OFFICE_PREFIX : ''}${appHost}`;
}
