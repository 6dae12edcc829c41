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
import { applyMigrations, seedDemo, startDevServer } from '../scripts/local-server.ts';

const E2E_PORT = 8797;

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), 'luca-e2e-'));
  const world = await loadDemoWorld();
  applyMigrations(persistTo);
  seedDemo(persistTo, world);
  const server = await startDevServer({ port: E2E_PORT, persistTo });
  project.provide('origin', server.origin);
  project.provide('persistTo', persistTo);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
    persistTo: string;
  }
}
