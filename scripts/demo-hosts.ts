/**
 * The widget's demo host pages (widget/demo/): a restaurant's table booking page and a cinema's
 * ticket shop that embed <luca-checkin>, served on another origin than the app (e.g.
 * http://127.0.0.1:8788 next to http://localhost:8787), as a venue's own website would be.
 * Started by `npm start` and by the browser tests.
 */
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { encodeVenueQrPayload } from '../protocol/venue.ts';
import type { DemoWorld } from './demo-world.ts';

const DEMO_DIR = resolve(import.meta.dirname, '../widget/demo');
const FILES = new Set(['index.html', 'booking.html', 'cinema.html', 'booking.js', 'cinema.js', 'venue-zone.js', 'demo.css']);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface DemoHosts {
  origin: string;
  stop(): Promise<void>;
}

export async function startDemoHosts(options: { port: number; appOrigin: string; world: DemoWorld }): Promise<DemoHosts> {
  const substitutions: Record<string, string> = {
    '{{APP_ORIGIN}}': options.appOrigin,
    '{{RESTAURANT_VENUE}}': encodeVenueQrPayload(options.world.venue.qr),
    '{{CINEMA_VENUE}}': encodeVenueQrPayload(options.world.cinema.qr),
  };
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname.replace(/^\/$/, '/index.html').slice(1);
    if (!FILES.has(path)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    void readFile(join(DEMO_DIR, path), 'utf8').then((text) => {
      const body = Object.entries(substitutions).reduce((out, [key, value]) => out.replaceAll(key, value), text);
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/plain', 'cache-control': 'no-store' }).end(body);
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolveListen);
  });
  return {
    origin: `http://127.0.0.1:${options.port}`,
    stop: () => new Promise((resolveClose) => server.close(() => resolveClose())),
  };
}
