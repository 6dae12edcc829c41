import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` holds every kind of test:
 * - unit: protocol and front-end logic in Node;
 * - worker: the Worker in workerd against a D1 database built from the real migrations;
 * - e2e: whole journeys in Debian's Chromium against `wrangler dev` (see e2e/global-setup.ts).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'protocol/**/*.test.ts',
            'client/**/*.test.ts',
            'web/**/*.test.ts',
            'widget/**/*.test.ts',
            'scripts/**/*.test.ts',
            'docs/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            main: './worker/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations('./migrations') } },
          })),
        ],
        test: { name: 'worker', include: ['worker/**/*.test.ts'], setupFiles: ['./worker/test/apply-migrations.ts'] },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One wrangler dev and one Chromium serve all journeys; files run one after another.
          fileParallelism: false,
          // After the other projects, not beside them: on two cores, Worker tests running at the
          // same time starved the camera decoding in the browser journeys.
          sequence: { groupOrder: 1 },
          // One retry for the browser journeys only: a one-off stall of Chromium or wrangler dev on
          // a loaded two-core machine (seen once: a 30 s navigation timeout) must not hide the
          // result. A real defect fails both attempts; unit and Worker tests never retry.
          retry: 1,
        },
      },
    ],
  },
});
