/**
 * docs/PROTOCOL.md must match the code. This test holds the parts most likely to drift: the
 * table of error codes by status, against the one union of refusals in protocol/errors.ts (the
 * Worker's ApiFailure accepts only those codes, each with its own status), and the table of
 * routes, against the contract in protocol/api/, both in both directions.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS } from '../protocol/errors.ts';
import { ROUTES } from '../protocol/api/index.ts';
import { routeRow } from '../scripts/route-table.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** status -> codes, as the one union in protocol/errors.ts gives them (the Worker can throw no other). */
function codesInUnion(): Map<string, Set<string>> {
  const byStatus = new Map<string, Set<string>>();
  for (const [code, status] of Object.entries(API_ERROR_STATUS)) {
    // The one 500 (`internal`, the Worker's own fault) is described in the text, not the table of refusals.
    if (status === 500) continue;
    byStatus.set(String(status), (byStatus.get(String(status)) ?? new Set()).add(code));
  }
  return byStatus;
}

/** status -> codes, as docs/PROTOCOL.md's "Errors" table lists them. */
function codesInDocs(): Map<string, Set<string>> {
  const doc = readFileSync(join(ROOT, 'docs/PROTOCOL.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Errors'));
  const byStatus = new Map<string, Set<string>>();
  for (const [, status = '', cells = ''] of section.matchAll(/^\| (\d{3}) \| (.*) \|$/gm)) {
    byStatus.set(status, new Set([...cells.matchAll(/`([a-z_]+)`/g)].map(([, code = '']) => code)));
  }
  return byStatus;
}

const sorted = (map: Map<string, Set<string>>) =>
  Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([status, codes]) => [status, [...codes].sort()]));

describe('docs/PROTOCOL.md', () => {
  it('lists exactly the error codes of the union, each under its status', () => {
    const inUnion = codesInUnion();
    // The table must be found, or the comparison below proves nothing.
    expect([...codesInDocs().values()].reduce((n, codes) => n + codes.size, 0)).toBeGreaterThan(80);
    expect(sorted(codesInDocs())).toEqual(sorted(inUnion));
  });

  it('lists exactly the routes of the contract, each with its access, status and own refusals', () => {
    const doc = readFileSync(join(ROOT, 'docs/PROTOCOL.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Routes'), doc.indexOf('## Errors'));
    const rows = section.split('\n').filter((line) => /^\| (GET|POST|PUT|DELETE) \|/.test(line));
    expect(rows.length).toBeGreaterThan(50);
    expect([...rows].sort()).toEqual(ROUTES.map(routeRow).sort());
  });
});
