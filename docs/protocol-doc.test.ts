/**
 * docs/PROTOCOL.md must match the code. This test holds the part most likely to drift: the
 * table of error codes by status, against every refusal the Worker can give, in both directions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function workerSources(dir = join(ROOT, 'worker')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : workerSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/** status -> codes, as the Worker's code can answer them. */
function codesInCode(): Map<string, Set<string>> {
  const byStatus = new Map<string, Set<string>>();
  const add = (status: string, code: string) => byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  for (const source of workerSources()) {
    for (const [, status = '', code = ''] of source.matchAll(/new ApiFailure\(\s*(\d{3}),\s*'([a-z_]+)'/g)) add(status, code);
    // Answers built directly, such as the validator's invalid_input; the one 500 (`internal`, the
    // Worker's own fault) is described in the text, not the table of refusals.
    for (const [, code = '', status = ''] of source.matchAll(/errorBody\('([a-z_]+)',.*\),\s*(\d{3})\);?$/gm)) if (status !== '500') add(status, code);
  }
  const errors = readFileSync(join(ROOT, 'worker/http/errors.ts'), 'utf8');
  const table = errors.slice(errors.indexOf('CODES_BY_STATUS'), errors.indexOf('};', errors.indexOf('CODES_BY_STATUS')));
  for (const [, status = '', code = ''] of table.matchAll(/(\d{3}): '([a-z_]+)'/g)) add(status, code);
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

const sorted = (map: Map<string, Set<string>>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([status, codes]) => [status, [...codes].sort()]));

describe('docs/PROTOCOL.md', () => {
  it('lists exactly the error codes the Worker answers, each under its status', () => {
    const inCode = codesInCode();
    // The extraction itself must find the refusals, or the comparison below proves nothing.
    expect([...inCode.values()].reduce((n, codes) => n + codes.size, 0)).toBeGreaterThan(80);
    expect(inCode.get('400')?.has('invalid_input')).toBe(true);
    expect(sorted(codesInDocs())).toEqual(sorted(inCode));
  });
});
