/**
 * Reading the local D1 database the way an operator (or an attacker with a backup) would: SQL
 * through wrangler, a full SQL dump, and the raw SQLite files on disk.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QUERY_OUTPUT_LIMIT_BYTES } from '../../scripts/local-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
const ENV = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

/**
 * One SQL statement through `wrangler d1 execute`. The running server holds the same SQLite
 * file, so a read can meet its write lock (SQLITE_BUSY): retried a few times. Tests wait on the
 * app's own state and read the database once, rather than polling it.
 */
export function query<Row>(persistTo: string, sql: string): Row[] {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = execFileSync(
        process.execPath,
        [WRANGLER, 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql],
        {
          cwd: ROOT,
          env: ENV,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: QUERY_OUTPUT_LIMIT_BYTES,
        },
      );
      const parsed = JSON.parse(out) as { results: Row[] }[];
      return parsed[0]?.results ?? [];
    } catch (error) {
      const busy = String((error as { stderr?: string }).stderr ?? error).includes('SQLITE_BUSY');
      if (!busy || attempt === 5) throw error;
      execFileSync('sleep', ['0.3']);
    }
  }
}

/**
 * Every row of every table, as JSON: what a database export or backup holds. (`wrangler d1
 * export` cannot read a custom --persist-to directory, so the dump is one SELECT per table, sent
 * as a single wrangler call.)
 */
export function dump(persistTo: string): string {
  const tables = query<{ name: string }>(
    persistTo,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  );
  const out = execFileSync(
    process.execPath,
    [
      WRANGLER,
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      persistTo,
      '--json',
      '--command',
      tables.map(({ name }) => `SELECT * FROM "${name}";`).join(' '),
    ],
    { cwd: ROOT, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: QUERY_OUTPUT_LIMIT_BYTES },
  );
  const results = JSON.parse(out) as { results: unknown[] }[];
  if (results.length !== tables.length) throw new Error(`dump returned ${results.length} result sets for ${tables.length} tables`);
  return JSON.stringify(Object.fromEntries(tables.map(({ name }, i) => [name, results[i]?.results ?? []])));
}

/** Every byte of every file under the D1 state directory (database, WAL, journal). */
export function rawStateBytes(persistTo: string): Buffer {
  const chunks: Buffer[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('seed.sql')) chunks.push(readFileSync(path));
    }
  };
  walk(join(persistTo, 'v3', 'd1'));
  return Buffer.concat(chunks);
}
