/**
 * Starts the system once for all browser journeys, exactly as `npm start` does but on its own
 * port and with a fresh D1 state directory: migrations applied, demo world seeded, `wrangler dev`
 * serving the built assets. (`npm test` builds before vitest runs.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { startDemoHosts } from '../scripts/demo-hosts.ts';
import { applyMigrations, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { officeOriginOf } from './support/office-origin.ts';
import { E2E_PORTS } from './support/ports.ts';

const E2E_PORT = E2E_PORTS.app;
const E2E_HOSTS_PORT = E2E_PORTS.hosts;

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), 'luca-e2e-'));
  const world = await loadDemoWorld();
  applyMigrations(persistTo);
  seedDemo(persistTo, world, { embedOrigins: [`http://127.0.0.1:${E2E_HOSTS_PORT}`, `http://127.0.0.1:${E2E_PORTS.integrationHost}`] });
  const server = await startDevServer({ port: E2E_PORT, persistTo });
  const hosts = await startDemoHosts({ port: E2E_HOSTS_PORT, appOrigin: server.origin, world });
  project.provide('origin', server.origin);
  project.provide('officeOrigin', officeOriginOf(server.origin));
  project.provide('hostsOrigin', hosts.origin);
  project.provide('persistTo', persistTo);
  return async () => {
    await hosts.stop();
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
    /** The health office's own origin (office.<app host>), served by the same server. */
    officeOrigin: string;
    /** The demo host pages' origin (allowed to embed the demo venues' widget). */
    hostsOrigin: string;
    persistTo: string;
  }
}
