/**
 * The build is reproducible: two clean builds of the same commit give byte-identical dist/web, so
 * anyone can rebuild what a deployment serves from the source and compare (run by .ci/run).
 * Builds, fingerprints every file, removes dist/web, builds again and compares; on a difference
 * it names the files and exits 1. On success the fingerprint is kept in dist/web.sha256, to check
 * a rebuild or a deployment's files with `cd dist/web && sha256sum -c ../web.sha256`.
 * Both builds pin the same root key: LUCA_ROOT_PUBLIC_KEY, or the demo root that the build's first
 * step (scripts/demo-world.ts) creates once in .local/ and reuses after.
 *
 * Checked once from another checkout path too (no absolute path reaches the bundles). What keeps
 * it so: file names and Workbox's precache revisions are content hashes; the one random input,
 * the root key, is made once and reused; the clock only adds the demo's daily keys to .local/,
 * which never reach a bundle.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diffTrees, hashTree, listing } from './tree-hash.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist/web');

function cleanBuild(round: number): Map<string, string> {
  rmSync(OUT, { recursive: true, force: true });
  console.log(`Build ${round} of 2 …`);
  // The build's own listing is shown only when it fails: two of them would bury the verdict.
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    throw new Error(`npm run build failed in build ${round} (exit ${build.status ?? build.signal})`);
  }
  return hashTree(OUT);
}

const first = cleanBuild(1);
const second = cleanBuild(2);
const differences = diffTrees(first, second);
if (differences.length > 0) {
  console.error(`dist/web is not reproducible: ${differences.length} of ${first.size} files differ between two clean builds:`);
  for (const { path, change } of differences) console.error(`  ${path} (${change})`);
  process.exit(1);
}
writeFileSync(join(ROOT, 'dist/web.sha256'), `${listing(second)}\n`);
console.log(`dist/web is reproducible: ${first.size} files byte-identical in two clean builds.`);
