/**
 * Tracing query (docs/ARCHITECTURE.md, "Budgets"): the venue inbox's query for one data request,
 * the guests of one venue in a 4 h window, among 1 M stored check-ins, on local workerd + D1. Timed as shipped
 * (index checkins_venue_arrival) and, in the same run, with the index forbidden (a full scan),
 * the baseline the index is there to beat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DAY_MS, HOUR_MS } from '../protocol/time.ts';
import type { DemoWorld } from '../scripts/demo-world.ts';
import { applyMigrations, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { sealMany } from './checkin-api.ts';
import { format, percentile } from './stats.ts';

const CONFIG = resolve(import.meta.dirname, 'tracing/wrangler.toml');
const PORT = 8793;

export interface TracingOptions {
  rows: number;
  venues: number;
  days: number;
  /** One check-in in this many is at the busy venue that is queried. */
  busyEvery: number;
  queries: number;
  fullScans: number;
}

export interface TracingFigures extends TracingOptions {
  fillRowsPerSecond: number;
  /** Check-ins stored at the queried venue, and their mean stay. */
  busy: { count: number; meanStayMinutes: number };
  plan: string[];
  indexed: { p50: number; p99: number; rowsMedian: number };
  fullScan: { p50: number; plan: string[] };
}

/** The figures as the lines `npm run bench` prints. */
export function tracingReport(figures: TracingFigures): string[] {
  return [
    `Tracing query on local workerd + D1: one venue's guests in a 4 h window (the venue inbox's query for a request)`,
    `  table: ${format(figures.rows, 0)} check-ins over ${figures.days} days at ${figures.venues} venues; the queried venue holds ${format(figures.busy.count, 0)} (mean stay ${format(figures.busy.meanStayMinutes, 0)} min)`,
    `  as shipped (${figures.plan.join('; ')})`,
    `    ${figures.queries} random windows     p50 ${format(figures.indexed.p50, 0)} ms   p99 ${format(figures.indexed.p99, 0)} ms   median ${format(figures.indexed.rowsMedian, 0)} check-ins returned`,
    `  baseline, index forbidden (${figures.fullScan.plan.join('; ')})`,
    `    ${figures.fullScans} windows              p50 ${format(figures.fullScan.p50, 0)} ms   ratio shipped / full scan ${format(figures.indexed.p50 / figures.fullScan.p50, 3)}`,
    `  synthetic rows generated inside SQLite: ${format(figures.fillRowsPerSecond, 0)} rows/s (real ciphertext size, index maintained)`,
  ];
}

export function tracingOptionsFromEnv(): TracingOptions {
  return {
    rows: Number(process.env.BENCH_TRACING_ROWS ?? 1_000_000),
    venues: 1000,
    days: 28,
    busyEvery: 50,
    queries: Number(process.env.BENCH_TRACING_QUERIES ?? 200),
    fullScans: Number(process.env.BENCH_TRACING_FULL_SCANS ?? 5),
  };
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 201 ? undefined : await response.json()) as T;
}

export async function benchTracingQuery(world: DemoWorld, options: TracingOptions): Promise<TracingFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'luca-bench-tracing-'));
  applyMigrations(dir, CONFIG);
  seedDemo(dir, world, { config: CONFIG });
  const server = await startDevServer({ port: PORT, persistTo: dir, config: CONFIG, healthPath: '/count' });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    const [sample] = await sealMany(world, 1);
    if (!sample) throw new Error('no sample check-in');
    const end = Date.now();
    await call(`${base}/venues?venues=${options.venues}&officeId=${world.office.certificate.officeId}`, { method: 'POST' });
    const chunk = 100_000;
    const fillStarted = performance.now();
    for (let from = 0; from < options.rows; from += chunk) {
      const query = new URLSearchParams({
        from: String(from),
        count: String(Math.min(chunk, options.rows - from)),
        venues: String(options.venues),
        days: String(options.days),
        end: String(end),
        busyEvery: String(options.busyEvery),
        officeKeyId: sample.officeKeyId,
      });
      await call(`${base}/fill?${query}`, { method: 'POST', body: sample.ciphertext });
    }
    const fillRowsPerSecond = options.rows / ((performance.now() - fillStarted) / 1000);
    const { count, busy, busyStayMs } = await call<{ count: number; busy: number; busyStayMs: number }>(`${base}/count`);
    if (count !== options.rows) throw new Error(`filled ${count} rows, expected ${options.rows}`);

    // 4 h windows at random times in the stored period (leaving a day for the look-back).
    const windows = Array.from({ length: options.queries }, () => {
      const from = end - DAY_MS - Math.floor(Math.random() * (options.days - 2) * DAY_MS);
      return new URLSearchParams({ venue: 'v0', from: String(from), to: String(from + 4 * HOUR_MS) });
    });
    const plan = (await call<{ plan: string[] }>(`${base}/plan?${windows[0]}`)).plan;
    const fullPlan = (await call<{ plan: string[] }>(`${base}/plan?${windows[0]}&indexed=0`)).plan;
    // Warm-up, so the first timed query does not pay for loading pages from disk alone.
    for (const window of windows.slice(0, 10)) await call(`${base}/trace?${window}`);
    const timed = [];
    for (const window of windows) timed.push(await call<{ rows: number; ms: number }>(`${base}/trace?${window}`));
    const full = [];
    for (const window of windows.slice(0, options.fullScans))
      full.push(await call<{ rows: number; ms: number }>(`${base}/trace?${window}&indexed=0`));
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const ms = sorted(timed.map((run) => run.ms));
    return {
      ...options,
      fillRowsPerSecond,
      busy: { count: busy, meanStayMinutes: busyStayMs / 60_000 },
      plan,
      indexed: { p50: percentile(ms, 50), p99: percentile(ms, 99), rowsMedian: percentile(sorted(timed.map((run) => run.rows)), 50) },
      fullScan: { p50: percentile(sorted(full.map((run) => run.ms)), 50), plan: fullPlan },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
