/**
 * A build's fingerprint: every file under a directory as "sha256  relative/path", sorted by path,
 * so two builds compare line by line (scripts/check-reproducible.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Relative path (always with '/') to the SHA-256 of the file's bytes, in sorted path order. */
export function hashTree(root: string): Map<string, string> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  const paths = files.map((file) => ({ file, path: relative(root, file).split(sep).join('/') }));
  // Sorted by code unit, not by locale, so the list reads the same on every machine.
  paths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return new Map(paths.map(({ file, path }) => [path, createHash('sha256').update(readFileSync(file)).digest('hex')]));
}

/** The `sha256sum`-style listing of a tree's hashes. */
export function listing(tree: Map<string, string>): string {
  return [...tree].map(([path, hash]) => `${hash}  ${path}`).join('\n');
}

export interface TreeDifference {
  path: string;
  change: 'only in first' | 'only in second' | 'content differs';
}

/** Every path whose presence or content differs between two trees, in path order. */
export function diffTrees(first: Map<string, string>, second: Map<string, string>): TreeDifference[] {
  const paths = [...new Set([...first.keys(), ...second.keys()])].sort();
  const differences: TreeDifference[] = [];
  for (const path of paths) {
    const a = first.get(path);
    const b = second.get(path);
    if (a === b) continue;
    differences.push({ path, change: a === undefined ? 'only in second' : b === undefined ? 'only in first' : 'content differs' });
  }
  return differences;
}
