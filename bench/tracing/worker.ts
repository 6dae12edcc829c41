/**
 * The tracing-query benchmark's Worker. It runs the exact SQL that the venue inbox runs for a
 * data request (drizzle's rendering of `candidatesWhere`), once as shipped (using the index
 * checkins_venue_arrival) and once with the index forbidden (`NOT INDEXED`, a full scan), so the
 * two can be compared in the same run. `/fill` generates synthetic rows inside SQLite, because a
 * million rows through the API would take the benchmark minutes.
 */
import { drizzle } from 'drizzle-orm/d1';
import { checkIns } from '../../worker/db/schema.ts';
import { candidatesWhere } from '../../worker/db/request-candidates.ts';
import { DAY_MS, TIME_BUCKET_MS } from '../../protocol/time.ts';

interface TracingEnv {
  DB: D1Database;
}

/** The route's query as SQL with its parameters, optionally with the index forbidden. */
function tracingSql(db: D1Database, window: { venueId: string; windowFrom: number; windowTo: number }, indexed: boolean) {
  const { sql, params } = drizzle(db)
    .select({
      id: checkIns.id,
      day: checkIns.day,
      officeKeyId: checkIns.officeKeyId,
      arrivalBucket: checkIns.arrivalBucket,
      departureBucket: checkIns.departureBucket,
      ciphertext: checkIns.ciphertext,
    })
    .from(checkIns)
    .where(candidatesWhere(window))
    .toSQL();
  const text = indexed ? sql : sql.replace('from "checkins"', 'from "checkins" NOT INDEXED');
  if (!indexed && text === sql) throw new Error(`cannot forbid the index in: ${sql}`);
  return { text, params };
}

/**
 * Rows `from`..`from + count - 1` of the synthetic table: arrivals spread evenly over `days` days (materialised once per row: random() in a plain CTE is drawn again at every use)
 * before `end` on five-minute buckets, stays of 30 to 180 minutes, one row in `busyEvery` at the
 * busy venue `v0`, the rest spread over venues v1..v(venues-1). Ciphertext is a real sealed
 * check-in's text, so rows have their real size.
 */
function fillStatement(
  db: D1Database,
  options: {
    from: number;
    count: number;
    venues: number;
    days: number;
    end: number;
    busyEvery: number;
    officeKeyId: string;
    ciphertext: string;
  },
) {
  return db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1 + ?2),
       r(i, arrival) AS MATERIALIZED (SELECT i, ?5 - (abs(random()) % (?4 * ${DAY_MS / TIME_BUCKET_MS})) * ${TIME_BUCKET_MS} FROM n)
       INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, departure_bucket, ciphertext, checkout_hash)
       SELECT lower(hex(randomblob(16))),
              CASE WHEN i % ?6 = 0 THEN 'v0' ELSE 'v' || CAST(1 + abs(random()) % (?3 - 1) AS INTEGER) END,
              ?7, strftime('%Y-%m-%d', arrival / 1000, 'unixepoch'), arrival,
              arrival + (6 + abs(random()) % 31) * ${TIME_BUCKET_MS}, ?8, lower(hex(randomblob(32)))
       FROM r`,
    )
    .bind(
      options.from,
      options.count,
      options.venues,
      options.days,
      options.end,
      options.busyEvery,
      options.officeKeyId,
      options.ciphertext,
    );
}

function venuesStatement(db: D1Database, venues: number, officeId: string) {
  return db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
       INSERT INTO venues (id, office_id, code, card, created_at, status) SELECT 'v' || i, ?2, 'bench-' || i, '{}', 0, 'live' FROM n`,
    )
    .bind(venues, officeId);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const number = (name: string) => Number(url.searchParams.get(name));
    if (url.pathname === '/venues' && request.method === 'POST') {
      await venuesStatement(env.DB, number('venues'), url.searchParams.get('officeId') ?? '').run();
      return new Response(null, { status: 201 });
    }
    if (url.pathname === '/fill' && request.method === 'POST') {
      const ciphertext = await request.text();
      const options = {
        from: number('from'),
        count: number('count'),
        venues: number('venues'),
        days: number('days'),
        end: number('end'),
        busyEvery: number('busyEvery'),
      };
      await fillStatement(env.DB, { ...options, officeKeyId: url.searchParams.get('officeKeyId') ?? '', ciphertext }).run();
      return new Response(null, { status: 201 });
    }
    if (url.pathname === '/count') {
      const all = await env.DB.prepare('SELECT count(*) AS n FROM checkins').first<{ n: number }>();
      const busy = await env.DB.prepare(
        "SELECT count(*) AS n, avg(departure_bucket - arrival_bucket) AS stay FROM checkins WHERE venue_id = 'v0'",
      ).first<{ n: number; stay: number }>();
      return Response.json({ count: all?.n ?? 0, busy: busy?.n ?? 0, busyStayMs: busy?.stay ?? 0 });
    }
    if (url.pathname === '/trace' || url.pathname === '/plan') {
      const window = { venueId: url.searchParams.get('venue') ?? '', windowFrom: number('from'), windowTo: number('to') };
      const indexed = url.searchParams.get('indexed') !== '0';
      const { text, params } = tracingSql(env.DB, window, indexed);
      if (url.pathname === '/plan') {
        const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`)
          .bind(...params)
          .all<{ detail: string }>();
        return Response.json({ plan: plan.results.map((row) => row.detail) });
      }
      // Timed inside the Worker: workerd's clock advances across the I/O of the D1 call.
      const started = Date.now();
      const result = await env.DB.prepare(text)
        .bind(...params)
        .all();
      return Response.json({ rows: result.results.length, ms: Date.now() - started, sqlMs: result.meta.duration });
    }
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler<TracingEnv>;
