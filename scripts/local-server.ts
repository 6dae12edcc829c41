/**
 * Running the real engine locally: D1 migrations and the demo seed through wrangler against a
 * local D1 (SQLite) in a chosen state directory (with one-time codes for the demo office and the
 * demo venues), and `wrangler dev` (workerd) serving the built PWA, widget and API. Used by
 * `npm start` and by the browser tests' global setup.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateClaimCode } from '../protocol/venue-claim.ts';
import { claimCodeRow, seedRows } from '../worker/db/seed-rows.ts';
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

/** A value as SQL; a certificate, card or key record goes into its JSON column as JSON text. */
function sqlLiteral(value: string | number | null | object): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** A row builder's camelCase key as the table's column name. */
function column(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function upsert(table: string, rows: readonly Record<string, string | number | null | object>[]): string[] {
  return rows.map((row) => {
    const columns = Object.keys(row).map(column);
    return `INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${Object.values(row).map(sqlLiteral).join(', ')});`;
  });
}

/**
 * Writes the demo office, its daily keys and the demo venues (idempotent). `embedOrigins` are the
 * websites allowed to embed the demo venues' widget: the demo host pages. A demo venue that an
 * operator has taken over (protocol/venue-claim.ts) is theirs: the seed leaves its row alone
 * (owner, card, settings), so a restart does not take it back.
 */
export function seedDemo(persistTo: string, world: DemoWorld, options: { config?: string; embedOrigins?: readonly string[] } = {}): void {
  const rows = seedRows(
    [{ certificate: world.office.certificate, dailyKeys: world.office.dailyKeys.map((entry) => entry.key) }],
    [world.venue.card, world.cinema.card],
    Date.now(),
  );
  const embedding = `UPDATE venues SET allowed_origins = ${sqlLiteral(JSON.stringify(options.embedOrigins ?? []))} WHERE id IN (${sqlLiteral(world.venue.card.venueId)}, ${sqlLiteral(world.cinema.card.venueId)}) AND operator_id IS NULL;`;
  // Once the demo office has staff, its browsers publish the daily keys (with grants for every
  // employee); a key the seed added then would be one no employee could open.
  const dailyKeys = rows.officeDailyKeys.map(
    (key) =>
      `INSERT INTO office_daily_keys (key_id, office_id, day, record) SELECT ${[key.keyId, key.officeId, key.day, key.record].map(sqlLiteral).join(', ')} WHERE NOT EXISTS (SELECT 1 FROM office_daily_keys WHERE office_id = ${sqlLiteral(key.officeId)} AND day = ${sqlLiteral(key.day)}) AND NOT EXISTS (SELECT 1 FROM office_employees WHERE office_id = ${sqlLiteral(key.officeId)} AND status = 'active');`,
  );
  // Not INSERT OR REPLACE: that deletes the row first, and with it the owner of a venue taken over.
  const demoVenues = rows.venues.map((venue) => {
    const columns = Object.keys(venue).map(column);
    return `INSERT INTO venues (${columns.join(', ')}) VALUES (${Object.values(venue).map(sqlLiteral).join(', ')}) ON CONFLICT (id) DO UPDATE SET office_id = excluded.office_id, code = excluded.code, card = excluded.card, status = excluded.status, live_at = COALESCE(venues.live_at, excluded.live_at) WHERE venues.operator_id IS NULL;`;
  });
  // Like the daily keys: once the demo office has staff, its admins' browsers sign the state.
  const office = sqlLiteral(world.office.certificate.officeId);
  const revocation = world.revocation
    ? [
        `INSERT INTO office_revocation_states (office_id, serial, issued_at, state) SELECT ${[office, world.revocation.serial, world.revocation.issuedAt, sqlLiteral(world.revocation)].join(', ')} WHERE NOT EXISTS (SELECT 1 FROM office_employees WHERE office_id = ${office} AND status IN ('active', 'removed')) ON CONFLICT (office_id) DO UPDATE SET serial = excluded.serial, issued_at = excluded.issued_at, state = excluded.state WHERE office_revocation_states.serial < excluded.serial;`,
      ]
    : [];
  executeSql(
    persistTo,
    [...upsert('offices', rows.offices), ...dailyKeys, ...revocation, ...demoVenues, embedding].join('\n'),
    options.config,
  );
}

/** Like the demo office's setup code: long enough for a demo that runs for weeks. */
const DEMO_CLAIM_VALID_DAYS = 30;

/** A demo venue and the takeover code drawn for it. */
export interface DemoVenueCode {
  venueId: string;
  name: string;
  code: string;
}

/**
 * Fresh takeover codes for the demo venues no operator holds yet, carrying their keys (sealed
 * under each code), valid 30 days; earlier unused codes of those venues are withdrawn, so only
 * the codes printed last work. A venue already taken over gets none, and loses any bundle left.
 */
export async function seedDemoVenueClaims(
  persistTo: string,
  world: DemoWorld,
  options: { config?: string; nowMs?: number } = {},
): Promise<DemoVenueCode[]> {
  const demo = [world.venue, world.cinema];
  const held = new Set(
    queryLocal<{ id: string }>(
      persistTo,
      `SELECT id FROM venues WHERE id IN (${demo.map((venue) => sqlLiteral(venue.card.venueId)).join(', ')}) AND operator_id IS NOT NULL`,
      options.config,
    ).map((row) => row.id),
  );
  const free = demo.filter((venue) => !held.has(venue.card.venueId));
  const nowMs = options.nowMs ?? Date.now();
  const codes = free.map((venue) => ({ venueId: venue.card.venueId, name: venue.card.name, code: generateClaimCode() }));
  // A held venue keeps no bundle here (the claim route erases them; this catches any other way).
  const statements = [...held].map(
    (venueId) =>
      `UPDATE venue_claim_codes SET bundle = NULL, used_at = ${nowMs} WHERE venue_id = ${sqlLiteral(venueId)} AND used_at IS NULL;`,
  );
  for (const [index, venue] of free.entries()) {
    const drawn = codes[index];
    if (!drawn) continue;
    const row = await claimCodeRow(
      drawn.code,
      venue.card.venueId,
      { encryption: venue.encryptionPrivateJwk, signing: venue.signingPrivateJwk },
      nowMs,
      DEMO_CLAIM_VALID_DAYS,
    );
    statements.push(`DELETE FROM venue_claim_codes WHERE venue_id = ${sqlLiteral(venue.card.venueId)} AND used_at IS NULL;`);
    // Conditional once more: a venue taken over since the query above gets no new code.
    statements.push(
      `INSERT INTO venue_claim_codes (${Object.keys(row).map(column).join(', ')}) SELECT ${Object.values(row).map(sqlLiteral).join(', ')} WHERE EXISTS (SELECT 1 FROM venues WHERE id = ${sqlLiteral(venue.card.venueId)} AND operator_id IS NULL);`,
    );
  }
  if (statements.length > 0) executeSql(persistTo, statements.join('\n'), options.config);
  return codes;
}

/** One SQL query against the local D1, its rows as JSON. */
/** The most a query's JSON answer may be (a load test reads thousands of check-ins back). */
export const QUERY_OUTPUT_LIMIT_BYTES = 512 * 1024 * 1024;

export function queryLocal<Row>(persistTo: string, sql: string, config = DEFAULT_CONFIG): Row[] {
  const out = execFileSync(
    process.execPath,
    [WRANGLER, 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--config', config, '--json', '--command', sql],
    {
      cwd: ROOT,
      env: WRANGLER_ENV,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // Node's default of 1 MB is less than a few hundred check-ins' ciphertexts.
      maxBuffer: QUERY_OUTPUT_LIMIT_BYTES,
    },
  );
  return (JSON.parse(out) as { results: Row[] }[])[0]?.results ?? [];
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
  executeSql(
    persistTo,
    await setupCodeSql({
      officeId: certificate.officeId,
      name: certificate.name,
      postcodes: certificate.postcodes,
      code,
      bundle: bundleOf(world.office),
      nowMs: Date.now(),
      validDays: 30,
    }),
  );
}

export interface DevServer {
  origin: string;
  /** The wrangler process, leader of the process group that holds workerd too. */
  pid: number;
  stop(): Promise<void>;
  /** Ends the whole process group at once with SIGKILL: what a crash or an OOM kill leaves. */
  kill(): Promise<void>;
}

/**
 * Starts `wrangler dev` on loopback and resolves once /api/health answers. `assets` serves another
 * copy of the built app (a test that deploys a "new version" changes its own copy only).
 */
export async function startDevServer(options: {
  port: number;
  persistTo: string;
  inheritOutput?: boolean;
  config?: string;
  healthPath?: string;
  assets?: string;
}): Promise<DevServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      WRANGLER,
      'dev',
      '--config',
      options.config ?? DEFAULT_CONFIG,
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--persist-to',
      options.persistTo,
      '--show-interactive-dev-session=false',
      '--test-scheduled',
      '--log-level',
      options.inheritOutput ? 'info' : 'warn',
      ...(options.assets ? ['--assets', options.assets] : []),
    ],
    { cwd: ROOT, env: WRANGLER_ENV, stdio: options.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://localhost:${options.port}`;
  const signal = async (name: 'SIGTERM' | 'SIGKILL') => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    // wrangler starts workerd as a grandchild: end the whole process group.
    try {
      process.kill(-child.pid, name);
    } catch {
      return;
    }
    await new Promise((resolveExit) => child.once('exit', resolveExit));
  };
  const stop = () => signal('SIGTERM');
  const kill = () => signal('SIGKILL');
  const pid = child.pid ?? -1;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${options.port}${options.healthPath ?? '/api/health'}`);
      if (response.status < 500) return { origin, pid, stop, kill };
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on port ${options.port} within 60 s:\n${output}`);
}
