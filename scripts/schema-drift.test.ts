/**
 * worker/db/schema.ts and migrations/ must describe the same database: the Worker tests and
 * `npm start` apply the migrations, while the code queries through the schema. drizzle-kit
 * generates into a copy of migrations/; if it has anything to write, a migration is missing.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'luca-schema-drift-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('database schema', () => {
  it('has a migration for every change to worker/db/schema.ts', () => {
    const out = join(work, 'migrations');
    cpSync(join(ROOT, 'migrations'), out, { recursive: true });
    const config = join(work, 'drizzle.config.json');
    // drizzle-kit takes paths relative to the working directory (it prefixes absolute ones with './').
    writeFileSync(config, JSON.stringify({ dialect: 'sqlite', schema: './worker/db/schema.ts', out: relative(ROOT, out) }));
    const before = readdirSync(out).filter((file) => file.endsWith('.sql'));
    expect(before.length).toBeGreaterThan(0);
    const output = execFileSync(process.execPath, [join(ROOT, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', config], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    // It exits 0 even when it fails to read the snapshots, so its own verdict is checked too.
    expect(output).toContain('No schema changes');
    expect(
      readdirSync(out).filter((file) => file.endsWith('.sql')),
      output,
    ).toEqual(before);
  }, 60_000);
});
