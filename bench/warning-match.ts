/**
 * Warnings (docs/ARCHITECTURE.md, "Budgets"):
 *
 * 1. The guest's matching at Germany's 2021 scale: 28 days of 1,000 warnings a day against a
 *    28-day history of 200 visits, in headless Chromium with 4× CPU throttling (DevTools
 *    `Emulation.setCPUThrottlingRate`), and the feed's size. The page (bench/warning-match/) is
 *    built with Vite into a temp dir and served on 127.0.0.1:8838.
 * 2. "Warn" to the warning on the guest's screen, locally with the app in front: the real app on
 *    `wrangler dev` (127.0.0.1:8839), a guest checked in at the demo venue, the office's warning
 *    posted to the Worker as the office app does; timed until the banner shows, with the app doing
 *    nothing but its own foreground polling.
 *
 * Environment: BENCH_WARN_DAYS (28), BENCH_WARN_PER_DAY (1000), BENCH_WARN_VISITS (200),
 * BENCH_WARN_ROUNDS (5), BENCH_WARN_RUNS (3: warn-to-screen runs). Run alone: `npx tsx bench/warning-match.ts`
 * (after `npm run build`).
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build } from 'vite';
import { launchChromium } from '../e2e/support/browser.ts';
import { onboard, sampleContact } from '../e2e/support/guest.ts';
import { officeStaffByApi } from '../e2e/support/office.ts';
import { officeFetch, officeOriginOf } from '../e2e/support/office-origin.ts';
import { formatAuditDetail } from '../protocol/audit-detail.ts';
import { signAuditEntry } from '../protocol/audit-log.ts';
import { issueEmployeeCertificate } from '../protocol/data-request.ts';
import { newId } from '../protocol/ids.ts';
import { importPrivateJwk, importPublicKey } from '../protocol/keys.ts';
import { fromBase64Url } from '../protocol/bytes.ts';
import { DAY_MS, MINUTE_MS } from '../protocol/time.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { signWarning } from '../protocol/warning.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { applyMigrations, executeSql, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { format, median } from './stats.ts';
import type { WarningBenchOptions, WarningBenchSetup, WarningMatchFigures } from './warning-match/main.ts';

const PAGE_ROOT = resolve(import.meta.dirname, 'warning-match');
const PAGE_PORT = 8838;
const APP_PORT = 8839;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(dir, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(dir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(PAGE_PORT, '127.0.0.1', () => done(server));
  });
}

export interface WarningMatchBench {
  options: WarningBenchOptions;
  setup: WarningBenchSetup;
  rounds: WarningMatchFigures[];
}

interface BenchWindow {
  prepareWarningBench: (options: WarningBenchOptions) => Promise<WarningBenchSetup>;
  measureWarningMatch: () => Promise<WarningMatchFigures>;
}

export async function benchWarningMatch(options: WarningBenchOptions, rounds: number): Promise<WarningMatchBench> {
  const outDir = mkdtempSync(join(tmpdir(), 'luca-bench-warnings-'));
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
      await page.goto(`http://127.0.0.1:${PAGE_PORT}/`);
      await page.waitForFunction(() => 'measureWarningMatch' in window);
      const setup = await page.evaluate((opts) => (window as unknown as BenchWindow).prepareWarningBench(opts), options);
      const devtools = await page.context().newCDPSession(page);
      await devtools.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const figures: WarningMatchFigures[] = [];
      for (let i = 0; i < rounds; i++) figures.push(await page.evaluate(() => (window as unknown as BenchWindow).measureWarningMatch()));
      return { options, setup, rounds: figures };
    } finally {
      await browser.close();
    }
  } finally {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** "Warn" (the office's POST) to the banner on the guest's screen, per run, in ms. */
export async function benchWarnToScreen(world: DemoWorld, runs: number): Promise<number[]> {
  const persistTo = mkdtempSync(join(tmpdir(), 'luca-bench-warn-'));
  applyMigrations(persistTo);
  seedDemo(persistTo, world);
  const server = await startDevServer({ port: APP_PORT, persistTo });
  const browser = await launchChromium();
  const times: number[] = [];
  try {
    const staff = await officeStaffByApi(persistTo, world.office.certificate.officeId);
    const certificate = await issueEmployeeCertificate(await importPrivateJwk(world.office.signingPrivateJwk, 'signing'), {
      officeId: staff.officeId,
      employeeId: staff.accountId,
      name: 'Dr. Bench',
      signingKey: await signingPublicOf(persistTo, staff.accountId),
      deviceKey: await deviceKeyOf(persistTo, staff.accountId),
      role: 'member',
      notBefore: Date.now() - DAY_MS,
      notAfter: Date.now() + 29 * DAY_MS, // certificates live at most 30 days (protocol/revocation.ts)
    });
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ locale: 'de-DE' });
      const page = await context.newPage();
      await onboard(page, server.origin, sampleContact);
      await page.goto(venueQrUrl(server.origin, world.venue.qr));
      await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
      await page.locator('[data-testid="stay-venue"]').waitFor();
      const arrivedAt = Date.now() - MINUTE_MS;
      // The case as intake leaves it: the index case's visit at the demo venue.
      const caseId = newId();
      executeSql(
        persistTo,
        `INSERT INTO cases (id, office_id, reference, visits, status, created_by, created_at) VALUES ('${caseId}', '${staff.officeId}', 'BENCH-${run}', '${JSON.stringify([{ venueId: world.venue.card.venueId, from: arrivedAt, to: Date.now() }])}', 'open', '${staff.accountId}', ${Date.now()})`,
      );
      const warning = await signWarning(staff.signingKey, certificate, {
        warningId: newId(),
        caseId,
        venueId: world.venue.card.venueId,
        from: arrivedAt,
        to: Date.now(),
        level: 1,
        advice: { de: 'Achten Sie auf Symptome.', en: 'Watch for symptoms.' },
        contact: { phone: '030 9018 0', hours: 'Mo–Fr 8–16 Uhr' },
        createdAt: Date.now(),
      });
      const audit = await signAuditEntry(
        staff.signingKey,
        { type: 'employee', id: staff.accountId },
        {
          officeId: staff.officeId,
          kind: 'warning_sent',
          caseId,
          venueId: warning.venueId,
          requestId: warning.warningId,
          detail: formatAuditDetail({ kind: 'warning_sent', level: warning.level, from: warning.from, to: warning.to }),
          at: Date.now(),
        },
      );
      const warnedAt = Date.now();
      // The office's routes answer on its own origin (PROTOCOL.md "Origins").
      const officeOrigin = officeOriginOf(server.origin);
      const response = await officeFetch(officeOrigin, `/api/office/cases/${caseId}/warnings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: staff.cookie, origin: officeOrigin },
        body: JSON.stringify({ warning, audit }),
      });
      if (response.status !== 201) throw new Error(`warning refused: ${response.status} ${await response.text()}`);
      await page.locator('[data-testid="warning-banner"]').waitFor({ timeout: 120_000 });
      times.push(Date.now() - warnedAt);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
  return times;
}

async function signingPublicOf(persistTo: string, accountId: string): Promise<CryptoKey> {
  const { queryLocal } = await import('../scripts/local-server.ts');
  const [row] = queryLocal<{ signing_key: string }>(
    persistTo,
    `SELECT signing_key FROM office_employees WHERE account_id = '${accountId}'`,
  );
  return importPublicKey(fromBase64Url(row?.signing_key ?? ''), 'signing');
}

async function deviceKeyOf(persistTo: string, accountId: string): Promise<string> {
  const { queryLocal } = await import('../scripts/local-server.ts');
  return (
    queryLocal<{ device_key: string }>(persistTo, `SELECT device_key FROM office_employees WHERE account_id = '${accountId}'`)[0]
      ?.device_key ?? ''
  );
}

export function warningOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  options: WarningBenchOptions;
  rounds: number;
  runs: number;
} {
  return {
    options: {
      days: Number(env.BENCH_WARN_DAYS ?? 28),
      perDay: Number(env.BENCH_WARN_PER_DAY ?? 1000),
      visits: Number(env.BENCH_WARN_VISITS ?? 200),
      matches: 5,
    },
    rounds: Number(env.BENCH_WARN_ROUNDS ?? 5),
    runs: Number(env.BENCH_WARN_RUNS ?? 3),
  };
}

export function warningReport(match: WarningMatchBench, toScreen: readonly number[]): string[] {
  const { setup, options } = match;
  const mb = (bytes: number) => `${format(bytes / 1024 / 1024)} MB`;
  const schema = median(match.rounds.map((round) => round.schemaMs));
  const matching = median(match.rounds.map((round) => round.matchMs));
  const last = match.rounds.at(-1);
  return [
    `Warnings: feed of ${format(setup.entries, 0)} entries (${options.days} days × ${format(options.perDay, 0)} warnings), history of ${options.visits} visits, headless Chromium with 4× CPU throttling (median of ${match.rounds.length})`,
    `  feed size, whole                  ${mb(setup.feedBytes)}   gzip ${mb(setup.feedGzipBytes)}   (${format(setup.perEntryBytes, 0)} bytes/entry; ${setup.pages} pages of 1,000)`,
    `  feed per day (delta)              ${mb(setup.feedBytes / options.days)}   gzip ${mb(setup.feedGzipBytes / options.days)}`,
    `  matching (tags, lookup, open + verify ${last?.candidates ?? 0} candidates)   ${format(matching, 1)} ms   (budget 50 ms; found ${last?.found ?? 0} warnings)`,
    // The first round is the app's first refresh after it starts: no tag or office check known yet.
    `    first refresh after the app starts (round 1: every tag hashed, the office checked)   ${format(match.rounds[0]?.matchMs ?? Number.NaN, 1)} ms`,
    `    of which: the history's tags ${format(median(match.rounds.map((round) => round.tagsMs)), 1)} ms, the lookup over the feed ${format(median(match.rounds.map((round) => round.lookupMs)), 1)} ms, opening and verifying the rest`,
    `  schema check of the pages (as client/api.ts does)            ${format(schema, 0)} ms`,
    `  "warn" -> warning on the guest's screen (app in front, ${toScreen.length} runs)   median ${format(median(toScreen) / 1000, 1)} s   max ${format(Math.max(...toScreen) / 1000, 1)} s   (budget 60 s)`,
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { options, rounds, runs } = warningOptionsFromEnv();
  const match = await benchWarningMatch(options, rounds);
  const toScreen = await benchWarnToScreen(await loadDemoWorld(), runs);
  console.log(warningReport(match, toScreen).join('\n'));
}
