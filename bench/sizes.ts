/**
 * Bundle sizes, gzipped, as a guest's browser would load them: the JavaScript an entry page
 * pulls in at first load (its module script and modulepreloads), read from the built HTML.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function gzipSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

export function firstLoadJs(distDir: string, htmlFile: string): { files: string[]; gzipBytes: number } {
  const html = readFileSync(join(distDir, htmlFile), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map(
    (match) => match[1] ?? '',
  );
  return { files, gzipBytes: files.reduce((sum, file) => sum + gzipSize(join(distDir, file)), 0) };
}

export function allJs(distDir: string): { file: string; gzipBytes: number }[] {
  const dir = join(distDir, 'assets');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file: `/assets/${file}`, gzipBytes: gzipSize(join(dir, file)) }));
}

/** A whole page as first loaded: its HTML, stylesheets and JavaScript (each gzipped on its own, as served). */
export function pageWeight(distDir: string, htmlFile: string): { files: string[]; gzipBytes: number } {
  const html = readFileSync(join(distDir, htmlFile), 'utf8');
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g)].map((match) => match[1] ?? '');
  const js = firstLoadJs(distDir, htmlFile);
  const files = [htmlFile, ...css, ...js.files];
  return {
    files,
    gzipBytes: gzipSize(join(distDir, htmlFile)) + css.reduce((sum, file) => sum + gzipSize(join(distDir, file)), 0) + js.gzipBytes,
  };
}

/** A lazy chunk with every chunk it imports statically (what loading it really fetches). */
export function chunkWithImports(distDir: string, file: string): { files: string[]; gzipBytes: number } {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(join(distDir, path), 'utf8');
    // Static imports only (`import{…}from"./x.js"`, `import"./x.js"`); dynamic import() is lazy again.
    for (const match of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) visit(join(path, '..', match[1] ?? ''));
  };
  visit(file);
  const files = [...seen];
  return { files, gzipBytes: files.reduce((sum, path) => sum + gzipSize(join(distDir, path)), 0) };
}
