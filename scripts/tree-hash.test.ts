import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffTrees, hashTree, listing } from './tree-hash.ts';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'luca-tree-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('build fingerprints', () => {
  it('lists every file, nested ones included, sorted by path with its SHA-256', () => {
    const hashes = hashTree(tree({ 'b.js': 'b', 'a/z.css': 'z', 'a/b/c.html': '' }));
    expect([...hashes.keys()]).toEqual(['a/b/c.html', 'a/z.css', 'b.js']);
    expect(hashes.get('a/b/c.html')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(listing(hashes).split('\n')[2]).toBe(`${hashes.get('b.js')}  b.js`);
  });

  it('names files that differ, and files present in one tree only', () => {
    const first = hashTree(tree({ 'same.js': '1', 'changed.js': 'old', 'gone.js': 'x' }));
    const second = hashTree(tree({ 'same.js': '1', 'changed.js': 'new', 'new.js': 'y' }));
    expect(diffTrees(first, second)).toEqual([
      { path: 'changed.js', change: 'content differs' },
      { path: 'gone.js', change: 'only in first' },
      { path: 'new.js', change: 'only in second' },
    ]);
    expect(diffTrees(first, first)).toEqual([]);
  });
});
