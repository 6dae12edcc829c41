/**
 * `npm run widget:package`: the npm package a host project installs for <luca-checkin> (not yet
 * published): its types (widget/package/index.d.ts, which the element is checked against in
 * widget/define.ts), the built loader and the integration guide, in dist/widget-package/.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The files of the package: where each comes from in the repository (the loader after `npm run build`). */
export const PACKAGE_FILES: Record<string, string> = {
  'package.json': 'widget/package/package.json',
  'index.d.ts': 'widget/package/index.d.ts',
  'WIDGET.md': 'docs/WIDGET.md',
  'luca-checkin.js': 'dist/web/widget/luca-checkin.js',
};

export function assembleWidgetPackage(outDir: string, files: Record<string, string> = PACKAGE_FILES): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, source] of Object.entries(files)) {
    const from = join(ROOT, source);
    if (!existsSync(from)) throw new Error(`${source} is missing (run npm run build first)`);
    copyFileSync(from, join(outDir, name));
  }
}

if (process.argv[1] === import.meta.filename) {
  const out = join(ROOT, 'dist/widget-package');
  assembleWidgetPackage(out);
  console.log(`The widget package is in ${out} (npm pack there to make the tarball).`);
}
