/**
 * Prints the table of API routes for docs/PROTOCOL.md ("Routes") from the contract
 * (protocol/api/): `npx tsx scripts/route-table.ts`. docs/protocol-doc.test.ts holds the document
 * to the contract, so a new route without its row fails there.
 */
import { ROUTES } from '../protocol/api/index.ts';
import type { RouteSpec } from '../protocol/api/route.ts';

export function routeRow(spec: RouteSpec): string {
  const own = [...spec.errors].sort();
  return `| ${spec.method} | \`${spec.path}\` | ${spec.access} | ${spec.status ?? 200} | ${own.length > 0 ? own.map((code) => `\`${code}\``).join(', ') : '–'} |`;
}

export function routeTable(): string {
  const rows = [...ROUTES].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)).map(routeRow);
  return ['| method | path | access | status | its own refusals |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log(routeTable());
