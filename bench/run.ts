/**
 * `npm run bench`: prints figures, as ratios against baselines measured in the same run where
 * there is one. Never used as a pass/fail test: the figures are read against the budgets in
 * docs/ARCHITECTURE.md ("Budgets"), not asserted.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { applyMigrations, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { benchCheckInApi } from './checkin-api.ts';
import { bytesPerRow } from './d1-storage.ts';
import { benchGuestScan } from './guest-scan.ts';
import { benchOfficeDecrypt, officeDecryptReport, officeOptionsFromEnv } from './office-decrypt.ts';
import { benchTracingQuery, tracingOptionsFromEnv, tracingReport } from './tracing-query.ts';
import { benchWarnToScreen, benchWarningMatch, warningOptionsFromEnv, warningReport } from './warning-match.ts';
import { allJs, chunkWithImports, firstLoadJs, gzipSize, pageWeight } from './sizes.ts';
import { format } from './stats.ts';

const DIST = resolve(import.meta.dirname, '../dist/web');
const kb = (bytes: number) => `${format(bytes / 1024)} KB`;

console.log('luca-next benchmarks (this machine, this run)\n');

const guest = firstLoadJs(DIST, 'index.html');
const chunks = allJs(DIST);
const scanner = chunks.find((chunk) => chunk.file.includes('scanner-engine'));
console.log('Bundle sizes (gzip -9)');
console.log(`  guest PWA first-load JS     ${kb(guest.gzipBytes)}   (budget 100 KB; ${guest.files.join(', ')})`);
const scannerLoad = scanner ? chunkWithImports(DIST, scanner.file) : undefined;
console.log(
  `  QR scanner (lazy)           ${scannerLoad ? kb(scannerLoad.gzipBytes) : 'missing'}   (${scannerLoad?.files.join(', ') ?? ''})`,
);
const venueApp = firstLoadJs(DIST, 'venue/index.html');
console.log(`  venue app first-load JS     ${kb(venueApp.gzipBytes)}   (${venueApp.files.join(', ')})`);
for (const chunk of chunks) console.log(`    ${chunk.file.padEnd(40)} ${kb(chunk.gzipBytes)}`);
// The health office's own bundle (vite --mode health), and the decrypt worker it starts per case.
const healthApp = firstLoadJs(DIST, 'health/index.html');
console.log(`  health app first-load JS    ${kb(healthApp.gzipBytes)}   (${healthApp.files.join(', ')})`);
const decryptWorker = readdirSync(join(DIST, 'health/assets')).find((file) => file.startsWith('inner-layer.worker'));
console.log(
  `  health decrypt worker       ${decryptWorker ? kb(gzipSize(join(DIST, 'health/assets', decryptWorker))) : 'missing'}   (started when a case's results are decrypted)`,
);
const widgetFrame = pageWeight(DIST, 'widget/frame.html');
console.log(
  `  widget loader               ${kb(gzipSize(join(DIST, 'widget/luca-checkin.js')))}   (budget 10 KB; /widget/luca-checkin.js, Lit included)`,
);
console.log(`  widget frame page           ${kb(widgetFrame.gzipBytes)}   (budget 40 KB; ${widgetFrame.files.join(', ')})`);

const world = await loadDemoWorld();

const scanDir = mkdtempSync(join(tmpdir(), 'luca-bench-scan-'));
applyMigrations(scanDir);
seedDemo(scanDir, world);
const scanServer = await startDevServer({ port: 8795, persistTo: scanDir });
try {
  const scan = await benchGuestScan(world, scanServer.origin, Number(process.env.BENCH_SCAN_RUNS ?? 7));
  console.log(`\nGuest check-in in headless Chromium, fake camera (median of ${scan.runs})`);
  console.log(`  QR in view -> venue shown (decoded, card verified)      ${format(scan.toVenueShown, 0)} ms`);
  console.log(`  QR in view -> check-in confirmed (sealed, stored)        ${format(scan.toCheckedIn, 0)} ms`);
} finally {
  await scanServer.stop();
  rmSync(scanDir, { recursive: true, force: true });
}

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const api = await benchCheckInApi(world, { requests, concurrency: 8 });
console.log(`\nCheck-in API on local workerd + D1 (${api.requests} requests, ${api.concurrency} in flight, after 100 warm-up)`);
console.log(
  `  POST /api/checkins          ${format(api.app.perSecond, 0)} req/s   p50 ${format(api.app.p50)} ms   p99 ${format(api.app.p99)} ms`,
);
console.log(
  `  floor: one prepared INSERT  ${format(api.floor.perSecond, 0)} req/s   p50 ${format(api.floor.p50)} ms   p99 ${format(api.floor.p99)} ms`,
);
console.log(
  `  ratio app / floor           throughput ${format(api.app.perSecond / api.floor.perSecond, 2)}×   p50 ${format(api.app.p50 / api.floor.p50, 2)}×`,
);
console.log(`  D1 batch insert (500/batch) ${format(api.batchRowsPerSecond, 0)} rows/s`);
const indexes = Object.entries(api.storage.indexBytes).map(([name, bytes]) => `${name} ${format(bytes / api.storage.rows, 0)}`);
console.log(
  `  stored: ${api.storage.rows} check-ins, ${format(bytesPerRow(api.storage), 0)} bytes each on disk (table ${format(api.storage.tableBytes / api.storage.rows, 0)}, ${indexes.join(', ')}; columns ${format(api.storage.meanPayloadBytes, 0)}); docs/SCALING.md`,
);

const office = await benchOfficeDecrypt(officeOptionsFromEnv());
console.log(`\n${officeDecryptReport(office).join('\n')}`);

const tracing = await benchTracingQuery(world, tracingOptionsFromEnv());
console.log(`\n${tracingReport(tracing).join('\n')}`);

const warnings = warningOptionsFromEnv();
const warningMatch = await benchWarningMatch(warnings.options, warnings.rounds);
const warnToScreen = await benchWarnToScreen(world, warnings.runs);
console.log(`\n${warningReport(warningMatch, warnToScreen).join('\n')}`);
