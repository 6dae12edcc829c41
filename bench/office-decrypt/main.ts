/**
 * The office-decrypt bench page (built by bench/office-decrypt.ts with Vite, driven by Chromium):
 * generates check-ins sealed in two layers, then times the venue's outer pass and the health
 * office's inner pass in their real workers, next to the raw ECDH derive rate in a worker.
 * Exposes `runOfficeBench(options)` on window; nothing runs until the driver calls it.
 */
import { fromBase64Url } from '../../protocol/bytes.ts';
import { type SealedCheckIn, sealCheckIn } from '../../protocol/checkin.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { importPrivateJwk } from '../../protocol/keys.ts';
import { createCertifiedOffice, createDailyKeys, createRootKey, createVenue } from '../../protocol/provisioning.ts';
import { DAY_MS, addDays, ceilToBucket, dayOf, startOfDay } from '../../protocol/time.ts';
import { decryptReleases } from '../../web/health/inner-layer-client.ts';
import { INNER_CONCURRENCY, type InnerJob, type InnerKey, type InnerRelease, workerCount } from '../../web/health/inner-layer.ts';
import { boundedMap } from '../../client/bounded-map.ts';
import type { OuterJob, OuterMessage } from '../../web/venue/outer-layer.worker.ts';
import type { BenchReply, BenchRequest } from './bench.worker.ts';
import type { OfficeBenchFigures, OfficeBenchOptions, PassFigures, ProgressFigures, RateFigures } from './figures.ts';

interface World {
  venueId: string;
  venueKey: CryptoKey;
  venuePublicKey: Uint8Array;
  keys: InnerKey[];
  sealed: SealedCheckIn[];
}

const FIRST_NAMES = ['Erika', 'Max', 'Aylin', 'Jonas', 'Mia', 'Lukas', 'Zeynep', 'Paul'];
const LAST_NAMES = ['Mustermann', 'Schmidt', 'Yılmaz', 'Müller', 'Weber', 'Nowak', 'Becker'];

/** `value`, which the bench's own bookkeeping guarantees is there; a bug in that bookkeeping if not. */
function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`office bench: no ${what}`);
  return value;
}

function contactOf(i: number): ContactData {
  return {
    firstName: FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Erika',
    lastName: `${LAST_NAMES[i % LAST_NAMES.length] ?? 'Mustermann'}-${i}`,
    street: `Heidestraße ${(i % 200) + 1}`,
    postcode: '51147',
    city: 'Köln',
    phone: `+49 221 ${String(1_000_000 + i)}`,
    ...(i % 3 === 0 ? { email: `guest${i}@example.org` } : {}),
  };
}

/** One venue, one office with a daily key for yesterday and today, `records` check-ins over both days. */
async function generate(records: number): Promise<World> {
  const today = dayOf(Date.now());
  const yesterday = addDays(today, -1);
  const root = await createRootKey();
  const office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Bench',
    postcodes: ['51147'],
    notBefore: Date.now() - 2 * DAY_MS,
    validDays: 30,
  });
  office.dailyKeys = await createDailyKeys(office, yesterday, 2);
  const venue = await createVenue({
    officeId: office.certificate.officeId,
    name: 'Bench Club',
    street: 'Domplatz 1',
    postcode: '51147',
    city: 'Köln',
    kind: 'club',
    defaultStayMinutes: 240,
    areas: [{ id: 'floor', name: 'Floor' }],
  });
  const venuePublicKey = fromBase64Url(venue.card.encryptionKey);
  const officeKeys = office.dailyKeys.map((entry) => ({
    officeId: entry.key.officeId,
    day: entry.key.day,
    keyId: entry.key.keyId,
    publicKey: fromBase64Url(entry.key.publicKey),
  }));
  const keys = await Promise.all(
    office.dailyKeys.map(async (entry) => ({
      keyId: entry.key.keyId,
      privateKey: await importPrivateJwk(entry.privateJwk, 'encryption'),
      publicKey: fromBase64Url(entry.key.publicKey),
    })),
  );
  const sealed = await boundedMap(
    Array.from({ length: records }, (_, i) => i),
    (i) => {
      const officeKey = defined(officeKeys[i % officeKeys.length], 'office key');
      const arrivedAt = startOfDay(officeKey.day) + ((i * 7919) % 86_000) * 1000;
      return sealCheckIn({
        contact: contactOf(i),
        venueId: venue.card.venueId,
        venueKey: venuePublicKey,
        officeKey,
        arrivedAt,
        areaId: i % 4 === 0 ? 'floor' : undefined,
      });
    },
    { concurrency: 64 },
  );
  return {
    venueId: venue.card.venueId,
    venueKey: await importPrivateJwk(venue.encryptionPrivateJwk, 'encryption'),
    venuePublicKey,
    keys,
    sealed,
  };
}

function departureOf(row: SealedCheckIn): number {
  return ceilToBucket(row.arrivalBucket + 90 * 60_000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** Records when progress arrived, and moves the page's progress bar as an app would. */
function progressRecorder() {
  const bar = document.querySelector('progress');
  const times: number[] = [];
  let last: [number, number] = [0, 0];
  return {
    // An arrow, not a method: the passes take it as a bare callback.
    onProgress: (done: number, total: number) => {
      times.push(performance.now());
      last = [done, total];
      if (bar) {
        bar.max = Math.max(1, total);
        bar.value = done;
      }
    },
    figures(): ProgressFigures {
      const gaps = times.slice(1).map((time, i) => time - (times[i] ?? time));
      return { messages: times.length, medianGapMs: median(gaps), maxGapMs: Math.max(0, ...gaps), last };
    },
  };
}

/** The venue's outer pass through web/venue/outer-layer.worker.ts, as the venue app runs it. */
function venueOuterPass(
  world: World,
  sealed: SealedCheckIn[],
  onProgress: (done: number, total: number) => void,
): Promise<Extract<OuterMessage, { kind: 'done' }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../../web/venue/outer-layer.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<OuterMessage>) => {
      if (event.data.kind === 'progress') {
        onProgress(event.data.done, event.data.total);
        return;
      }
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`outer-layer worker: ${event.message}`));
    };
    const job: OuterJob = {
      venueKey: world.venueKey,
      venuePublicKey: world.venuePublicKey,
      venueId: world.venueId,
      checkIns: sealed.map((row) => ({
        id: row.id,
        day: row.day,
        officeKeyId: row.officeKeyId,
        ciphertext: row.ciphertext,
        departureBucket: departureOf(row),
      })),
    };
    worker.postMessage(job);
  });
}

function inBenchWorker(request: BenchRequest): Promise<BenchReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<BenchReply>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`bench worker: ${event.message}`));
    };
    worker.postMessage(request);
  });
}

/** ECDH derives in `workers` workers at once, `derives` in all; the span from the first start to the last end. */
async function ecdhRate(derives: number, workers: number, concurrency: number): Promise<RateFigures> {
  const share = Math.ceil(derives / workers);
  const replies = await Promise.all(Array.from({ length: workers }, () => inBenchWorker({ kind: 'ecdh', derives: share, concurrency })));
  const ms = Math.max(...replies.map((reply) => reply.end)) - Math.min(...replies.map((reply) => reply.start));
  const done = share * workers;
  return { derives: done, ms, perSecond: (done / ms) * 1000 };
}

/** The office's pass through the real client and worker(s), end to end. */
async function innerPass(job: InnerJob, workers: number | undefined): Promise<PassFigures> {
  const progress = progressRecorder();
  const started = performance.now();
  const done = await decryptReleases(job, progress.onProgress, workers === undefined ? {} : { workers });
  const ms = performance.now() - started;
  return {
    records: job.releases.length,
    ms,
    perSecond: (job.releases.length / ms) * 1000,
    failed: done.failed.length,
    progress: progress.figures(),
  };
}

/** Every pass once over `sealed`, the ECDH rates right after the passes they are compared with. */
async function round(
  world: World,
  sealed: SealedCheckIn[],
  releasesOf: (opened: Extract<OuterMessage, { kind: 'done' }>['opened']) => InnerRelease[],
) {
  const outerProgress = progressRecorder();
  const started = performance.now();
  const outerDone = await venueOuterPass(world, sealed, outerProgress.onProgress);
  const outerMs = performance.now() - started;
  const outer: PassFigures = {
    records: sealed.length,
    ms: outerMs,
    perSecond: (sealed.length / outerMs) * 1000,
    failed: outerDone.failed,
    progress: outerProgress.figures(),
  };
  // What the venue releases to the office: the inner layers it just opened.
  const job: InnerJob = { keys: world.keys, releases: releasesOf(outerDone.opened) };
  const ecdhOneWorker = await ecdhRate(sealed.length, 1, INNER_CONCURRENCY);
  const innerOneWorker = await innerPass(job, 1);
  const inner = await innerPass(job, undefined);
  const ecdh = await ecdhRate(sealed.length, workerCount(job.releases.length, navigator.hardwareConcurrency), INNER_CONCURRENCY);
  return { job, outer, inner, innerOneWorker, ecdh, ecdhOneWorker };
}

/** The round whose `pick` is the median (so its other fields belong to the same run). */
function medianBy<T>(rounds: T[], pick: (round: T) => number): T {
  const sorted = [...rounds].sort((a, b) => pick(a) - pick(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

async function runOfficeBench(options: OfficeBenchOptions): Promise<OfficeBenchFigures> {
  const generateStarted = performance.now();
  const world = await generate(options.records);
  const generateMs = performance.now() - generateStarted;
  const bySealedId = new Map(world.sealed.map((row) => [row.id, row]));
  const releasesOf = (opened: Extract<OuterMessage, { kind: 'done' }>['opened']): InnerRelease[] =>
    opened.map((row) => {
      const sealed = defined(bySealedId.get(row.id), `sealed check-in ${row.id}`);
      return {
        checkInId: row.id,
        venueId: world.venueId,
        day: sealed.day,
        officeKeyId: sealed.officeKeyId,
        departureBucket: row.departedAt,
        inner: row.inner,
      };
    });

  // Warm-up: every path once on a slice, so the measured runs see compiled code and cached scripts.
  await round(world, world.sealed.slice(0, options.warmup), releasesOf);

  const rounds: Awaited<ReturnType<typeof round>>[] = [];
  for (let i = 0; i < Math.max(1, options.rounds); i++) rounds.push(await round(world, world.sealed, releasesOf));
  const ratioOf = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
  const job = defined(rounds[0], 'round').job;

  // The sweep: levels in a different order each round, best per level over the rounds.
  const best = new Map(options.sweep.map((concurrency) => [concurrency, { inner: 0, ecdh: 0 }]));
  for (let r = 0; r < options.sweepRounds; r++) {
    for (const concurrency of r % 2 === 0 ? options.sweep : [...options.sweep].reverse()) {
      const innerAt = await inBenchWorker({ kind: 'inner', job, concurrency });
      const ecdhAt = await ecdhRate(job.releases.length, 1, concurrency);
      const entry = defined(best.get(concurrency), `sweep entry for ${concurrency}`);
      entry.inner = Math.max(entry.inner, (innerAt.ok / (innerAt.end - innerAt.start)) * 1000);
      entry.ecdh = Math.max(entry.ecdh, ecdhAt.perSecond);
    }
  }

  return {
    records: options.records,
    rounds: rounds.length,
    officeKeys: world.keys.length,
    cores: navigator.hardwareConcurrency,
    workers: workerCount(job.releases.length, navigator.hardwareConcurrency),
    concurrency: INNER_CONCURRENCY,
    generateMs,
    outer: medianBy(rounds, (r) => r.outer.perSecond).outer,
    inner: medianBy(rounds, (r) => r.inner.perSecond).inner,
    innerOneWorker: medianBy(rounds, (r) => r.innerOneWorker.perSecond).innerOneWorker,
    ecdh: medianBy(rounds, (r) => r.ecdh.perSecond).ecdh,
    ecdhOneWorker: medianBy(rounds, (r) => r.ecdhOneWorker.perSecond).ecdhOneWorker,
    ratio: {
      outer: ratioOf((r) => r.outer.perSecond / r.ecdhOneWorker.perSecond),
      inner: ratioOf((r) => r.inner.perSecond / r.ecdh.perSecond),
      innerOneWorker: ratioOf((r) => r.innerOneWorker.perSecond / r.ecdhOneWorker.perSecond),
    },
    sweep: options.sweep.map((concurrency) => {
      const entry = defined(best.get(concurrency), `sweep entry for ${concurrency}`);
      return { concurrency, innerPerSecond: entry.inner, ecdhPerSecond: entry.ecdh };
    }),
  };
}

(window as unknown as { runOfficeBench: typeof runOfficeBench }).runOfficeBench = runOfficeBench;
