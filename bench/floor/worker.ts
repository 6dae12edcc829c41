/**
 * The engine's floor for the check-in benchmark: a Worker with no framework, no validation and no
 * ORM that inserts the same row as POST /api/checkins with one prepared statement. The ratio of
 * the two shows what our validation, middleware and ORM cost on top of workerd + D1.
 */
interface FloorEnv {
  DB: D1Database;
}

interface Row {
  id: string;
  venueId: string;
  officeKeyId: string;
  day: string;
  arrivalBucket: number;
  ciphertext: string;
  checkoutHash: string;
}

const INSERT =
  'INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, ciphertext, checkout_hash) VALUES (?, ?, ?, ?, ?, ?, ?)';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/insert') {
      const row = await request.json<Row>();
      await env.DB.prepare(INSERT)
        .bind(row.id, row.venueId, row.officeKeyId, row.day, row.arrivalBucket, row.ciphertext, row.checkoutHash)
        .run();
      return new Response(null, { status: 201 });
    }
    if (url.pathname === '/batch') {
      // Many rows in one D1 batch: close to the storage engine's own insert rate.
      const rows = await request.json<Row[]>();
      await env.DB.batch(
        rows.map((row) =>
          env.DB.prepare(INSERT).bind(row.id, row.venueId, row.officeKeyId, row.day, row.arrivalBucket, row.ciphertext, row.checkoutHash),
        ),
      );
      return new Response(null, { status: 201 });
    }
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler<FloorEnv>;
