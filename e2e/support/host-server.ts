/**
 * A venue's website for the widget's integration journeys: a real HTTP server on loopback (a page
 * a test answers itself has no address, and Chromium then refuses its requests to loopback as
 * coming from the public internet), whose pages each test sets: HTML and headers such as a
 * Content-Security-Policy. Its origin is one the demo venue allows (e2e/global-setup.ts).
 */
import { type Server, createServer } from 'node:http';

export interface HostServer {
  origin: string;
  /** Serves `body` at `path` with `headers` until the server stops. */
  serve(path: string, body: string, headers?: Record<string, string>): void;
  stop(): Promise<void>;
}

export async function startHostServer(port: number): Promise<HostServer> {
  const pages = new Map<string, { body: string; headers: Record<string, string> }>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    // Browsers ask every site for its icon: none, and no error in the console for it.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const page = pages.get(path);
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    serve: (path, body, headers = {}) =>
      pages.set(path, {
        body,
        headers: { ...headers, ...(path.endsWith('.js') ? { 'content-type': 'text/javascript; charset=utf-8' } : {}) },
      }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
