/**
 * What rows cost on disk in a local D1 database: SQLite's own page accounting (the dbstat table,
 * read with Debian's sqlite3 on the stopped server's file), for a table and each of its indexes.
 * D1 refuses dbstat and PRAGMA page_count from inside the Worker and from `wrangler d1 execute`,
 * so the file is read directly. Pages include their free space and b-tree overhead: the figure
 * is what the rows occupy, not the sum of their column lengths.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';

export interface TableStorage {
  rows: number;
  /** Bytes of the table's b-tree (rows and their primary key, a rowid table here). */
  tableBytes: number;
  /** Bytes of each index on the table, by name (the primary key's automatic index included). */
  indexBytes: Record<string, number>;
  /** Mean length of the columns as stored (SQLite's own `length`, bytes for text). */
  meanPayloadBytes: number;
}

/** The SQLite file of the one D1 database in a `--persist-to` directory. */
export function d1File(persistTo: string): string {
  const dir = join(persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((name) => name.endsWith('.sqlite') && name !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 database under ${dir}`);
  return join(dir, file);
}

const Rows = v.array(v.record(v.string(), v.union([v.string(), v.number(), v.null()])));

function sqlite(file: string, sql: string): v.InferOutput<typeof Rows> {
  const out = execFileSync('sqlite3', ['-readonly', '-json', file, sql], { encoding: 'utf8' });
  return out.trim() === '' ? [] : v.parse(Rows, JSON.parse(out));
}

/** The storage of `table` and its indexes; `columns` are summed for the mean payload. Call with the server stopped. */
export function tableStorage(persistTo: string, table: string, columns: readonly string[]): TableStorage {
  const file = d1File(persistTo);
  const objects = sqlite(
    file,
    `SELECT s.name AS name, s.type AS type, SUM(d.pgsize) AS bytes FROM dbstat d JOIN sqlite_schema s ON s.name = d.name WHERE s.tbl_name = '${table}' GROUP BY s.name, s.type`,
  );
  const [counted] = sqlite(
    file,
    `SELECT COUNT(*) AS n, AVG(${columns.map((column) => `COALESCE(LENGTH(${column}), 0)`).join(' + ')}) AS payload FROM ${table}`,
  );
  const indexBytes: Record<string, number> = {};
  let tableBytes = 0;
  for (const object of objects) {
    const bytes = Number(object.bytes);
    if (object.type === 'table') tableBytes += bytes;
    else indexBytes[String(object.name)] = bytes;
  }
  return { rows: Number(counted?.n ?? 0), tableBytes, indexBytes, meanPayloadBytes: Number(counted?.payload ?? 0) };
}

/** Bytes on disk per row, the table and all its indexes together. */
export function bytesPerRow(storage: TableStorage): number {
  const indexes = Object.values(storage.indexBytes).reduce((sum, bytes) => sum + bytes, 0);
  return (storage.tableBytes + indexes) / storage.rows;
}
