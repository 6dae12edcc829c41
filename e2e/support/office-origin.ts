/**
 * The health office's own origin in the browser tests (PROTOCOL.md "Origins"): the app's host with
 * `office.` before it, served by the same `wrangler dev`. Chromium resolves `*.localhost` itself;
 * Node does not (getaddrinfo: ENOTFOUND) and its fetch ignores a Host header, so requests from the
 * test process go to the loopback address with the office's Host header through node:http.
 */
import { request } from 'node:http';
import type { Route } from 'playwright-core';

export function officeOriginOf(appOrigin: string): string {
  const url = new URL(appOrigin);
  return `${url.protocol}//office.${url.host}`;
}

/** Like fetch, to a path on the office's origin (`officeOrigin`), from Node. */
export function officeFetch(
  officeOrigin: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const url = new URL(path, officeOrigin);
  return new Promise<Response>((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        headers: { ...init.headers, host: url.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(answer.headers)) if (typeof value === 'string') headers.set(name, value);
          resolve(new Response(Buffer.concat(chunks), { status: answer.statusCode ?? 500, headers }));
        });
      },
    );
    call.on('error', reject);
    call.end(init.body);
  });
}

/**
 * `route.fetch()` for a request the page sent to the office's origin: Playwright fetches from
 * Node, which cannot resolve `office.localhost`, so the request goes to the loopback address with
 * the office's Host header (and is otherwise the page's own).
 */
export function fetchFromOfficeOrigin(route: Route) {
  const url = new URL(route.request().url());
  const host = url.host;
  url.hostname = '127.0.0.1';
  return route.fetch({ url: url.href, headers: { ...route.request().headers(), host } });
}
