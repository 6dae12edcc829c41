/**
 * Check-in API on the local engine (workerd + D1): sustained throughput and p50/p99 latency of
 * POST /api/checkins, next to the floor Worker inserting the same rows with one prepared
 * statement, and a D1 batch insert rate, all measured in this run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CreateCheckIn } from '../protocol/api/checkins.ts';
import { fromBase64Url } from '../protocol/bytes.ts';
import { sealVisit } from '../protocol/seal-visit.ts';
import type { DemoWorld } from '../scripts/demo-world.ts';
import { applyMigrations, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { type TableStorage, tableStorage } from './d1-storage.ts';
import { percentile, runConcurrent } from './stats.ts';

const FLOOR_CONFIG = resolve(import.meta.dirname, 'floor/wrangler.toml');

export interface ApiFigures {
  requests: number;
  concurrency: number;
  app: { perSecond: number; p50: number; p99: number };
  floor: { perSecond: number; p50: number; p99: number };
  batchRowsPerSecond: number;
  /** The check-ins the app stored in this run, as SQLite holds them (docs/SCALING.md reads it). */
  storage: TableStorage;
}

/** Every column of `checkins` (worker/db/schema.ts), for the mean stored payload. */
const CHECKIN_COLUMNS = ['id', 'venue_id', 'office_key_id', 'day', 'arrival_bucket', 'departure_bucket', 'ciphertext', 'checkout_hash'];

/** `count` check-ins at the demo venue now, sealed as the guest app seals them: the bodies of POST /api/checkins. */
export async function sealMany(world: DemoWorld, count: number): Promise<CreateCheckIn[]> {
  const now = Date.now();
  const root = fromBase64Url(world.root.publicKey);
  const office = { certificate: world.office.certificate, dailyKeys: world.office.dailyKeys.map((entry) => entry.key) };
  const contact = {
    firstName: 'Bench',
    lastName: 'Mark',
    street: 'Teststraße 1',
    postcode: '10115',
    city: 'Berlin',
    phone: '+49 30 1234567',
  };
  const venue = { card: world.venue.card, encryptionKey: fromBase64Url(world.venue.card.encryptionKey) };
  const sealed = await Promise.all(Array.from({ length: count }, () => sealVisit({ root, venue, office, contact, arrivedAt: now, now })));
  return sealed.map(({ request }) => request);
}

export async function benchCheckInApi(world: DemoWorld, options: { requests: number; concurrency: number }): Promise<ApiFigures> {
  const appDir = mkdtempSync(join(tmpdir(), 'luca-bench-app-'));
  const floorDir = mkdtempSync(join(tmpdir(), 'luca-bench-floor-'));
  applyMigrations(appDir);
  seedDemo(appDir, world);
  applyMigrations(floorDir, FLOOR_CONFIG);
  seedDemo(floorDir, world, { config: FLOOR_CONFIG });
  const app = await startDevServer({ port: 8798, persistTo: appDir });
  const floor = await startDevServer({ port: 8799, persistTo: floorDir, config: FLOOR_CONFIG, healthPath: '/' });
  try {
    const warmup = 100;
    const rows = await sealMany(world, 2 * (options.requests + warmup));
    const post = async (url: string, body: unknown, client: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': client },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
    };
    // Each request its own client address: this measures the server's cost, not the rate limit.
    let client = 0;
    const nextClient = () => `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client++ & 255}`;
    const appRows = rows.slice(0, options.requests + warmup);
    const floorRows = rows.slice(options.requests + warmup);
    await runConcurrent(appRows.slice(0, warmup), options.concurrency, (row) =>
      post(`http://127.0.0.1:8798/api/checkins`, row, nextClient()),
    );
    await runConcurrent(floorRows.slice(0, warmup), options.concurrency, (row) => post(`http://127.0.0.1:8799/insert`, row, nextClient()));
    // Alternate halves so that neither side profits from a quieter moment of the machine.
    const half = Math.floor(options.requests / 2);
    const appRuns = [];
    const floorRuns = [];
    for (const [from, to] of [
      [warmup, warmup + half],
      [warmup + half, warmup + options.requests],
    ] as const) {
      appRuns.push(
        await runConcurrent(appRows.slice(from, to), options.concurrency, (row) =>
          post(`http://127.0.0.1:8798/api/checkins`, row, nextClient()),
        ),
      );
      floorRuns.push(
        await runConcurrent(floorRows.slice(from, to), options.concurrency, (row) =>
          post(`http://127.0.0.1:8799/insert`, row, nextClient()),
        ),
      );
    }
    const summarise = (runs: { latencies: number[]; seconds: number }[]) => {
      const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
      const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
      return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    };

    const batchSize = 500;
    const batches = 6;
    const batchRows = await sealMany(world, batchSize * batches);
    const started = performance.now();
    for (let i = 0; i < batches; i++)
      await post('http://127.0.0.1:8799/batch', batchRows.slice(i * batchSize, (i + 1) * batchSize), nextClient());
    const batchRowsPerSecond = (batchSize * batches) / ((performance.now() - started) / 1000);

    // The rows the app stored, read from its stopped database file (stop() again below is a no-op).
    await app.stop();
    const storage = tableStorage(appDir, 'checkins', CHECKIN_COLUMNS);

    return {
      requests: options.requests,
      concurrency: options.concurrency,
      app: summarise(appRuns),
      floor: summarise(floorRuns),
      batchRowsPerSecond,
      storage,
    };
  } finally {
    await Promise.all([app.stop(), floor.stop()]);
    rmSync(appDir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
  }
}
