/**
 * Running the real engine locally: D1 migrations and the demo seed through wrangler against a
 * local D1 (SQLite) in a chosen state directory, and `wrangler dev` (workerd) serving the built
 * PWA, widget and API. Used by `npm start` and by the browser tests' global setup.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedRows } from '../worker/db/seed-rows.ts';
import type { DemoWorld } from './demo-world.ts';
import { bundleOf, setupCodeSql } from './office-setup.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
// Non-interactive and quiet: wrangler asks for confirmation on a TTY unless CI is set. No fetch of
// Cloudflare's Request.cf sample (the Worker reads no `cf` field; offline it printed an alarming
// ENOTFOUND stack trace at every start).
const WRANGLER_ENV = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

function wrangler(args: string[]): void {
  execFileSync(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: WRANGLER_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The Worker's wrangler.toml by default; the benchmark's floor Worker passes its own. */
const DEFAULT_CONFIG = join(ROOT, 'wrangler.toml');

export function applyMigrations(persistTo: string, config = DEFAULT_CONFIG): void {
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo, '--config', config]);
}

function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

function upsert(table: string, rows: readonly Record<string, string | number | null>[]): string[] {
  return rows.map((row) => {
    const columns = Object.keys(row).map((key) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
    return `INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${Object.values(row).map(sqlLiteral).join(', ')});`;
  });
}

/**
 * Writes the demo office, its daily keys and the demo venues (idempotent). `embedOrigins` are the
 * websites allowed to embed the demo venues' widget: the demo host pages.
 */
export function seedDemo(persistTo: string, world: DemoWorld, options: { config?: string; embedOrigins?: readonly string[] } = {}): void {
  const rows = seedRows([{ certificate: world.office.certificate, dailyKeys: world.office.dailyKeys.map((entry) => entry.key) }], [world.venue.card, world.cinema.card], Date.now());
  const embedding = `UPDATE venues SET allowed_origins = ${sqlLiteral(JSON.stringify(options.embedOrigins ?? []))} WHERE id IN (${sqlLiteral(world.venue.card.venueId)}, ${sqlLiteral(world.cinema.card.venueId)});`;
  // Once the demo office has staff, its browsers publish the daily keys (with grants for every
  // employee); a key the seed added then would be one no employee could open.
  const dailyKeys = rows.officeDailyKeys.map(
    (key) =>
      `INSERT INTO office_daily_keys (key_id, office_id, day, record) SELECT ${[key.keyId, key.officeId, key.day, key.record].map(sqlLiteral).join(', ')} WHERE NOT EXISTS (SELECT 1 FROM office_daily_keys WHERE office_id = ${sqlLiteral(key.officeId)} AND day = ${sqlLiteral(key.day)}) AND NOT EXISTS (SELECT 1 FROM office_employees WHERE office_id = ${sqlLiteral(key.officeId)} AND status = 'active');`,
  );
  executeSql(persistTo, [...upsert('offices', rows.offices), ...dailyKeys, ...upsert('venues', rows.venues), embedding].join('\n'), options.config);
}

/** Runs SQL against the local D1 through a file (statements of any length). */
export function executeSql(persistTo: string, sql: string, config = DEFAULT_CONFIG): void {
  mkdirSync(persistTo, { recursive: true });
  const file = join(persistTo, 'seed.sql');
  writeFileSync(file, sql);
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--config', config, '--file', file]);
}

/** A setup code for the demo office, carrying the demo office's keys (for an admin at /health). */
export async function seedDemoOfficeSetup(persistTo: string, world: DemoWorld, code: string): Promise<void> {
  const { certificate } = world.office;
  executeSql(persistTo, await setupCodeSql({ officeId: certificate.officeId, name: certificate.name, postcodes: certificate.postcodes, code, bundle: bundleOf(world.office), nowMs: Date.now(), validDays: 30 }));
}

export interface DevServer {
  origin: string;
  stop(): Promise<void>;
}

/**
 * Starts `wrangler dev` on loopback and resolves once /api/health answers. `assets` serves another
 * copy of the built app (a test that deploys a "new version" changes its own copy only).
 */
export async function startDevServer(options: { port: number; persistTo: string; inheritOutput?: boolean; config?: string; healthPath?: string; assets?: string }): Promise<DevServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [WRANGLER, 'dev', '--config', options.config ?? DEFAULT_CONFIG, '--ip', '127.0.0.1', '--port', String(options.port), '--persist-to', options.persistTo, '--show-interactive-dev-session=false', '--log-level', options.inheritOutput ? 'info' : 'warn', ...(options.assets ? ['--assets', options.assets] : [])],
    { cwd: ROOT, env: WRANGLER_ENV, stdio: options.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://localhost:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    // wrangler starts workerd as a grandchild: end the whole process group.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await new Promise((resolveExit) => child.once('exit', resolveExit));
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${options.port}${options.healthPath ?? '/api/health'}`);
      if (response.status < 500) return { origin, stop };
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on port ${options.port} within 60 s:\n${output}`);
}
