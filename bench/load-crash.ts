/**
 * Check-ins under load across a crash of the engine (issue 15 point 8; design budget "crash:
 * workerd killed under load -> lost 0, duplicated 0"). On a fresh D1 state: valid check-ins at the
 * demo café (sealed with protocol/ as the guest app seals them) are sent at a set rate for a
 * bounded time; halfway, the workerd process is killed with SIGKILL (no shutdown, no flush), the
 * rest of that `wrangler dev` is ended, and a new one is started on the same state directory.
 * Every check-in that was refused or never answered is sent again with the same body, as the guest
 * app's queue does (the id is the device's, so a retry of a stored one is answered 200). Then the
 * database is read: every acknowledged check-in must be there exactly once, byte for byte.
 *
 * Used by `npm run load` (bench/load.ts, prints the report) and by e2e/load-crash.test.ts (a short
 * run that fails on a lost or duplicated check-in).
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { CreateCheckIn } from '../protocol/api/checkins.ts';
import type { DemoWorld } from '../scripts/demo-world.ts';
import { type DevServer, applyMigrations, queryLocal, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { sealMany } from './checkin-api.ts';
import { percentile } from './stats.ts';

export interface LoadOptions {
  /** Check-ins per second the generator sends (open loop: it does not wait for answers). */
  rate: number;
  /** How long the generator sends, in seconds; workerd is killed at half of it. */
  seconds: number;
  port: number;
  /** A fresh, empty directory for the D1 state. */
  persistTo: string;
  /** Progress lines (the crash, the restart, the retries); silent if absent. */
  log?: (line: string) => void;
}

export interface LoadReport {
  target: { rate: number; seconds: number };
  /** Check-ins the generator sent in the timed phase, per second of that phase. */
  sentPerSecond: number;
  /** First attempts answered 201 or 200 within the timed phase, per second of that phase. */
  acknowledgedPerSecond: number;
  /** Latency of the answered requests (first attempts and retries), ms. */
  p50: number;
  p99: number;
  sent: number;
  /** First attempts refused or unanswered (the crash, the restart), sent again afterwards. */
  retried: number;
  acknowledged: number;
  /** Of the check-ins sent, how many rows the database holds. */
  stored: number;
  /** Acknowledged, but not in the database (or not as sent). */
  lost: number;
  /** Rows beyond one per check-in id, or rows of the run no one sent. */
  duplicated: number;
  /** Never acknowledged, even after the retries (a refusal the retries could not fix). */
  unacknowledged: number;
  /** Milliseconds from the kill until the new server answered. */
  downtimeMs: number;
  /** The workerd process ids that were killed. */
  killed: number[];
}

/** The workerd processes in `wrangler dev`'s process group (it starts workerd as a grandchild). Linux: /proc. */
export function workerdProcesses(group: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces, so read after its closing parenthesis.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (comm === 'workerd' && Number(fields[2]) === group) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each check-in from its own client address: this measures the server across a crash, not the per-client rate limit. */
function clientAddress(index: number, attempt: number): string {
  const n = index * 8 + attempt;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

type Outcome = { acknowledged: true; ms: number } | { acknowledged: false; why: string };

async function send(port: number, checkIn: CreateCheckIn, client: string): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': client },
      body: JSON.stringify(checkIn),
      // An answer that does not come is a refusal too: the guest app's queue would try again.
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    if (response.status === 201 || response.status === 200) return { acknowledged: true, ms: performance.now() - started };
    return { acknowledged: false, why: `HTTP ${response.status}` };
  } catch (error) {
    return { acknowledged: false, why: error instanceof Error ? error.name : 'error' };
  }
}

export async function runLoadCrash(world: DemoWorld, options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const total = Math.round(options.rate * options.seconds);
  applyMigrations(options.persistTo);
  seedDemo(options.persistTo, world);
  const checkIns = await sealMany(world, total);
  let server: DevServer = await startDevServer({ port: options.port, persistTo: options.persistTo });

  const acknowledged = new Set<number>();
  const latencies: number[] = [];
  const failed = new Set<number>();
  const killed: number[] = [];
  let downtimeMs = 0;

  const attempt = async (index: number, round: number) => {
    const checkIn = checkIns[index];
    if (!checkIn) return;
    const outcome = await send(options.port, checkIn, clientAddress(index, round));
    if (outcome.acknowledged) {
      acknowledged.add(index);
      failed.delete(index);
      latencies.push(outcome.ms);
    } else failed.add(index);
  };

  // The crash, halfway through the timed phase: SIGKILL to workerd, then the rest of that
  // wrangler dev ends and a new one starts on the same state, while the generator keeps sending.
  const crash = (async () => {
    await sleep((options.seconds * 1000) / 2);
    const pids = workerdProcesses(server.pid);
    if (pids.length === 0) throw new Error('no workerd process found to kill');
    const killedAt = performance.now();
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    killed.push(...pids);
    log(`killed workerd (pid ${pids.join(', ')}) with SIGKILL`);
    await server.kill();
    server = await startDevServer({ port: options.port, persistTo: options.persistTo });
    downtimeMs = performance.now() - killedAt;
    log(`restarted wrangler dev on the same state after ${Math.round(downtimeMs)} ms`);
  })();

  // The timed phase: request i leaves at i / rate seconds, whatever happened to the ones before.
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  let firstAcknowledged = 0;
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      attempt(index, 0).then(() => {
        if (acknowledged.has(index)) firstAcknowledged++;
      }),
    );
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  await crash;
  const retried = failed.size;
  log(`${retried} of ${total} first attempts refused or unanswered; sending them again`);

  // Retries, as the guest app's queue makes them: same body, until answered (bounded).
  for (let round = 1; failed.size > 0 && round <= 5; round++) {
    await Promise.all([...failed].map((index) => attempt(index, round)));
    if (failed.size > 0) await sleep(1000);
  }

  // What the database holds of this run: every row at the demo venue (the state is fresh).
  const rows = queryLocal<{ id: string; ciphertext: string; checkout_hash: string }>(
    options.persistTo,
    `SELECT id, ciphertext, checkout_hash FROM checkins`,
  );
  await server.stop();
  const byId = new Map<string, number>();
  for (const row of rows) byId.set(row.id, (byId.get(row.id) ?? 0) + 1);
  const sentById = new Map(checkIns.map((checkIn) => [checkIn.id, checkIn]));
  const intact = new Set(
    rows
      .filter((row) => {
        const sent = sentById.get(row.id);
        return sent !== undefined && sent.ciphertext === row.ciphertext && sent.checkoutHash === row.checkout_hash;
      })
      .map((row) => row.id),
  );
  const lost = [...acknowledged].filter((index) => !intact.has(checkIns[index]?.id ?? '')).length;
  const duplicated = [...byId.entries()].reduce((sum, [id, n]) => sum + (n - 1) + (sentById.has(id) ? 0 : 1), 0);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    target: { rate: options.rate, seconds: options.seconds },
    sentPerSecond: total / sendSeconds,
    acknowledgedPerSecond: firstAcknowledged / sendSeconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    sent: total,
    retried,
    acknowledged: acknowledged.size,
    stored: rows.filter((row) => sentById.has(row.id)).length,
    lost,
    duplicated,
    unacknowledged: total - acknowledged.size,
    downtimeMs,
    killed,
  };
}
