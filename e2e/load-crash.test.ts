/**
 * The crash test in the suite (issue 15 point 8, trust model 1's "nothing lost"): a short run of
 * `npm run load` (bench/load-crash.ts) on its own server and fresh D1 state: valid check-ins at a
 * set rate, workerd killed with SIGKILL halfway and started again on the same state, what was
 * refused or unanswered sent again. It fails if an acknowledged check-in is not stored exactly as
 * sent, if any is stored twice, or if one is never acknowledged. Its length is fixed (20 s of
 * load), not a timing that is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoadCrash } from '../bench/load-crash.ts';
import { loadReportLines } from '../bench/load.ts';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { E2E_PORTS } from './support/ports.ts';

describe('check-ins across a crash of workerd', () => {
  it('stores every acknowledged check-in exactly once when workerd is killed mid-load and restarted', { timeout: 180_000 }, async () => {
    const persistTo = mkdtempSync(join(tmpdir(), 'luca-load-'));
    try {
      const report = await runLoadCrash(await loadDemoWorld(), { rate: 25, seconds: 20, port: E2E_PORTS.load, persistTo });
      console.log(loadReportLines(report).join('\n'));
      // The kill happened while check-ins were coming in: some first attempts failed and were retried.
      expect(report.killed.length).toBeGreaterThan(0);
      expect(report.retried).toBeGreaterThan(0);
      expect({ lost: report.lost, duplicated: report.duplicated, unacknowledged: report.unacknowledged }).toEqual({
        lost: 0,
        duplicated: 0,
        unacknowledged: 0,
      });
      expect(report.stored).toBe(report.sent);
    } finally {
      rmSync(persistTo, { recursive: true, force: true });
    }
  });
});
