/**
 * The layering rules (.dependency-cruiser.mjs, run by `npm run lint:layers` in `npm test`) must
 * fail on the violations they exist for: a throwaway tree that commits each one is cruised with
 * the real rules, and every rule has to speak up, while the same tree without them passes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const trees: string[] = [];

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'luca-layers-'));
  trees.push(dir);
  copyFileSync(join(ROOT, '.dependency-cruiser.mjs'), join(dir, '.dependency-cruiser.mjs'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler', allowImportingTsExtensions: true, noEmit: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function cruise(dir: string): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [CLI, 'protocol', 'client', 'web', 'widget', 'worker', '--config', '.dependency-cruiser.mjs', '--no-progress'],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterAll(() => {
  for (const dir of trees) rmSync(dir, { recursive: true, force: true });
});

const HONEST = {
  'protocol/bytes.ts': 'export const one = 1;\n',
  'client/api.ts': "import { one } from '../protocol/bytes.ts';\nexport const api = one;\n",
  'widget/element.ts': "import { api } from '../client/api.ts';\nexport const element = api;\n",
  'web/app.ts':
    "import { element } from '../widget/element.ts';\nimport { api } from '../client/api.ts';\nexport const app = element + api;\n",
  'worker/app.ts': "import { one } from '../protocol/bytes.ts';\nexport const worker = one;\n",
};

// Each case runs the dependency cruiser as a process (seconds on a busy machine).
describe('the layering rules', { timeout: 30_000 }, () => {
  it('pass a tree that keeps the layers', () => {
    const result = cruise(tree(HONEST));
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  it('fail on each kind of violation, naming its rule', () => {
    const result = cruise(
      tree({
        ...HONEST,
        'protocol/leak.ts': "import { app } from '../web/app.ts';\nexport const leak = app;\n",
        'worker/dom.ts': "import { api } from '../client/api.ts';\nexport const dom = api;\n",
        'client/upward.ts': "import { element } from '../widget/element.ts';\nexport const upward = element;\n",
        'widget/app-use.ts': "import { app } from '../web/app.ts';\nexport const use = app;\n",
        'web/server.ts': "import { worker } from '../worker/app.ts';\nexport const server = worker;\n",
        'protocol/ping.ts': "import type { Pong } from './pong.ts';\nexport type Ping = { pong?: Pong };\n",
        'protocol/pong.ts': "import type { Ping } from './ping.ts';\nexport type Pong = { ping?: Ping };\n",
        'client/helper.test.ts': 'export const fixture = 1;\n',
        'client/uses-test.ts': "import { fixture } from './helper.test.ts';\nexport const bad = fixture;\n",
        'client/typo.ts': "import { nothing } from './does-not-exist.ts';\nexport const typo = nothing;\n",
      }),
    );
    expect(result.status).not.toBe(0);
    for (const rule of [
      'protocol-stands-alone',
      'worker-never-imports-browser-code',
      'client-below-the-front-ends',
      'widget-not-on-the-apps',
      'browser-never-imports-worker',
      'no-circular',
      'production-code-never-imports-tests',
      'not-to-unresolvable',
    ]) {
      expect(result.output, rule).toContain(rule);
    }
  });
});
