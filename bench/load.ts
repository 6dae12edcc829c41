/**
 * `npm run load`: check-ins at a set rate against a local server on a fresh D1 state, workerd
 * killed halfway and restarted on the same state, refused or unanswered check-ins sent again;
 * then every acknowledged check-in must be stored exactly once (bench/load-crash.ts). Prints the
 * figures and exits non-zero on a lost or duplicated check-in.
 *
 *   npm run load                                   # 50 check-ins/s for 60 s
 *   LOAD_RATE=100 LOAD_SECONDS=30 npm run load
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { type LoadReport, runLoadCrash } from './load-crash.ts';
import { format } from './stats.ts';

export function loadReportLines(report: LoadReport): string[] {
  return [
    `Check-ins under load, workerd killed (SIGKILL) halfway and restarted on the same D1 state`,
    `  target                 ${report.target.rate}/s for ${report.target.seconds} s (${report.sent} check-ins)`,
    `  rate held              ${format(report.sentPerSecond)}/s sent, ${format(report.acknowledgedPerSecond)}/s acknowledged at first attempt`,
    `  latency (answered)     p50 ${format(report.p50, 0)} ms, p99 ${format(report.p99, 0)} ms`,
    `  down after the kill    ${format(report.downtimeMs / 1000)} s (workerd pid ${report.killed.join(', ')})`,
    `  retried                ${report.retried}`,
    `  acknowledged           ${report.acknowledged}`,
    `  stored                 ${report.stored}`,
    `  lost                   ${report.lost}`,
    `  duplicated             ${report.duplicated}`,
    ...(report.unacknowledged > 0 ? [`  never acknowledged     ${report.unacknowledged}`] : []),
  ];
}

if (process.argv[1] === import.meta.filename) {
  const persistTo = mkdtempSync(join(tmpdir(), 'luca-load-'));
  try {
    const report = await runLoadCrash(await loadDemoWorld(), {
      rate: Number(process.env.LOAD_RATE ?? 50),
      seconds: Number(process.env.LOAD_SECONDS ?? 60),
      port: Number(process.env.LOAD_PORT ?? 8789),
      persistTo,
      log: (line) => console.log(`  … ${line}`),
    });
    console.log(loadReportLines(report).join('\n'));
    if (report.lost > 0 || report.duplicated > 0 || report.unacknowledged > 0) process.exitCode = 1;
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }
}
