/**
 * The widget's types as a host project uses them: the package's declaration file installed in a
 * project of its own, and a host's code compiled against it with the TypeScript compiler; what a
 * host may do compiles, what it may not (a misspelt event detail, a wrong mode) does not.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_FILES, assembleWidgetPackage } from './widget-package.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const project = mkdtempSync(join(tmpdir(), 'luca-widget-host-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const HOST_CODE = `
import type { LucaCheckinAttributes, LucaCheckinRegistration } from '@luca-next/checkin-widget';

const luca = document.querySelector('luca-checkin');
if (luca) {
  luca.slotStart = '2026-12-01T19:00+01:00';
  luca.bookingId = 'B-1';
  luca.addEventListener('luca-checkin-submitting', (event) => keep(event.detail));
  luca.addEventListener('luca-checkin-registered', (event) => keep(event.detail));
  luca.addEventListener('luca-checkin-error', (event) => console.warn(event.detail.code, event.detail.attribute));
  void luca.cancel('token').catch(() => undefined);
  // @ts-expect-error a registration has no guest data
  luca.addEventListener('luca-checkin-registered', (event) => event.detail.phone);
  // @ts-expect-error busy is the element's to set
  luca.busy = true;
}
document.addEventListener('luca-checkin-ready', (event) => console.log(event.detail.bookingId));
void window.lucaCheckin?.cancel('token', { timeoutMs: 5000 });
const attributes: LucaCheckinAttributes = { venue: '1.x', mode: 'ticket', 'slot-start': '2026-12-01T19:00+01:00' };
// @ts-expect-error no such mode
const wrong: LucaCheckinAttributes = { venue: '1.x', mode: 'party' };
function keep(registration: LucaCheckinRegistration): void {
  console.log(registration.bookingId, registration.cancelToken, registration.window.start, attributes, wrong);
}
`;

describe('the widget package', () => {
  it('types the element, its events and window.lucaCheckin for a host project', () => {
    const installed = join(project, 'node_modules/@luca-next/checkin-widget');
    mkdirSync(installed, { recursive: true });
    // The package's declared files, all but the built loader (this test needs no build).
    const { 'luca-checkin.js': _loader, ...typesOnly } = PACKAGE_FILES;
    assembleWidgetPackage(installed, typesOnly);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { types: string; files: string[] };
    expect(manifest.files.sort()).toEqual(
      Object.keys(PACKAGE_FILES)
        .filter((name) => name !== 'package.json')
        .sort(),
    );
    expect(manifest.types).toBe('./index.d.ts');
    writeFileSync(join(project, 'host.ts'), HOST_CODE);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'DOM'],
          skipLibCheck: false,
        },
        files: ['host.ts'],
      }),
    );
    // Throws (with the compiler's report) unless the host code compiles and every @ts-expect-error is needed.
    execFileSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8' });
    // The compiler is really checking: a host mistake fails.
    writeFileSync(
      join(project, 'host.ts'),
      `${HOST_CODE}\ndocument.querySelector('luca-checkin')?.addEventListener('luca-checkin-registered', (event) => event.detail.nope);\n`,
    );
    let report = '';
    try {
      execFileSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8' });
    } catch (error) {
      report = String((error as { stdout?: unknown }).stdout);
    }
    expect(report).toMatch(/Property 'nope' does not exist/);
  }, 60_000); // Runs tsc twice on a host project: seconds, more on a loaded machine.
});
