/**
 * Health-office decryption in headless Chromium (docs/ARCHITECTURE.md, "Budgets"): 10,000
 * check-ins sealed in two layers to one venue and two office daily keys; the venue's outer pass and the office's inner
 * pass timed through their real workers (web/venue/outer-layer.worker.ts, and
 * web/health/inner-layer.worker.ts via decryptReleases), next to the raw ECDH P-256 derive rate
 * in workers at the same concurrency, measured in the same run. The page
 * (bench/office-decrypt/) is built with Vite into a temp dir and served on 127.0.0.1:8793.
 *
 * Environment: BENCH_OFFICE_RECORDS (10000), BENCH_OFFICE_ROUNDS (3), BENCH_OFFICE_SWEEP (e.g.
 * "1,4,16,32,64": records in flight per worker to compare; off by default, it takes a minute).
 * Run alone: `npx tsx bench/office-decrypt.ts`.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build } from 'vite';
import { launchChromium } from '../e2e/support/browser.ts';
import { format } from './stats.ts';
import type { OfficeBenchFigures, OfficeBenchOptions } from './office-decrypt/figures.ts';

export type { OfficeBenchFigures } from './office-decrypt/figures.ts';

const PAGE_ROOT = resolve(import.meta.dirname, 'office-decrypt');
const PORT = 8793;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = normalize(join(dir, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(dir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(PORT, '127.0.0.1', () => resolvePromise(server));
  });
}

export async function benchOfficeDecrypt(options: OfficeBenchOptions): Promise<OfficeBenchFigures> {
  const outDir = mkdtempSync(join(tmpdir(), 'luca-bench-office-'));
  let server: Server | undefined;
  try {
    await build({
      configFile: false,
      root: PAGE_ROOT,
      base: '/',
      publicDir: false,
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
    server = await serve(outDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForFunction(() => 'runOfficeBench' in window);
      const figures = await page.evaluate(
        (opts) => (window as unknown as { runOfficeBench: (o: OfficeBenchOptions) => Promise<OfficeBenchFigures> }).runOfficeBench(opts),
        options,
      );
      const [pageError] = pageErrors;
      if (pageError) throw pageError;
      return figures;
    } finally {
      await browser.close();
    }
  } finally {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function officeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OfficeBenchOptions {
  return {
    records: Number(env.BENCH_OFFICE_RECORDS ?? 10_000),
    warmup: 500,
    rounds: Number(env.BENCH_OFFICE_ROUNDS ?? 3),
    sweep: (env.BENCH_OFFICE_SWEEP ?? '').split(',').filter(Boolean).map(Number),
    sweepRounds: 2,
  };
}

/** The figures as lines in the style of bench/run.ts. */
export function officeDecryptReport(f: OfficeBenchFigures): string[] {
  const rate = (perSecond: number, unit: string) => `${format(perSecond, 0).padStart(7)} ${unit}`;
  const ms = (value: number) => `${format(value, 0).padStart(6)} ms`;
  const lines = [
    `Health office: ${format(f.records, 0)} check-ins in headless Chromium (1 venue, ${f.officeKeys} office daily keys; median of ${f.rounds} rounds; ${f.cores} cores)`,
    `  venue outer pass (venue worker as shipped)     ${rate(f.outer.perSecond, 'records/s')}   ${ms(f.outer.ms)}   ratio to ECDH ${format(f.ratio.outer, 2)}   (${f.outer.progress.messages} progress messages)`,
    `  office inner pass (${f.workers} workers × ${f.concurrency} in flight)  ${rate(f.inner.perSecond, 'records/s')}   ${ms(f.inner.ms)}   ratio to ECDH ${format(f.ratio.inner, 2)}`,
    `    progress: ${f.inner.progress.messages} messages, median ${format(f.inner.progress.medianGapMs, 0)} ms apart (max ${format(f.inner.progress.maxGapMs, 0)} ms), last ${format(f.inner.progress.last[0], 0)}/${format(f.inner.progress.last[1], 0)}; ${f.inner.failed} failed`,
    `  office inner pass (1 worker × ${f.concurrency} in flight)   ${rate(f.innerOneWorker.perSecond, 'records/s')}   ${ms(f.innerOneWorker.ms)}   ratio to ECDH ${format(f.ratio.innerOneWorker, 2)}`,
    `  ECDH P-256 deriveBits (${f.workers} workers × ${f.concurrency})       ${rate(f.ecdh.perSecond, 'derives/s')}   ${ms(f.ecdh.ms)}`,
    `  ECDH P-256 deriveBits (1 worker × ${f.concurrency})        ${rate(f.ecdhOneWorker.perSecond, 'derives/s')}   ${ms(f.ecdhOneWorker.ms)}`,
    `  (passes end to end: worker start and structured clone included; ratio = records/s ÷ derives/s with as many workers, ≤ 1)`,
  ];
  if (f.sweep.length > 0) {
    lines.push('  in flight per worker (1 worker, best of 2)    inner records/s   ECDH derives/s   ratio');
    for (const level of f.sweep) {
      lines.push(
        `    ${String(level.concurrency).padStart(4)}                                   ${format(level.innerPerSecond, 0).padStart(7)}          ${format(level.ecdhPerSecond, 0).padStart(7)}   ${format(level.innerPerSecond / level.ecdhPerSecond, 2)}`,
      );
    }
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(officeDecryptReport(await benchOfficeDecrypt(officeOptionsFromEnv())).join('\n'));
}
