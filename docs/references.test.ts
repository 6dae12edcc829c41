/**
 * The repository stands alone: no file cites a document kept outside it, and every file path the
 * docs name in backticks exists. A reader of a clone (an administration that reuses the code)
 * has nothing else, so a reference that leads outside, or to a file since renamed, is a defect.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** Tracked files and new ones not yet added (never what .gitignore keeps out, such as dist/). */
const FILES = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && file !== 'node_modules');
const FILE_SET = new Set(FILES);
const BASENAMES = new Set(FILES.map((file) => file.slice(file.lastIndexOf('/') + 1)));

/** Lockfiles quote other projects' metadata, not ours. */
const LOCKFILES = new Set(['package-lock.json']);

/** Documents that lived beside the repository while it was built; spelled in parts so this file does not name them. */
const OUTSIDE_DOCUMENTS = ['DESIGN', 'TOOLCHAIN'].map((name) => `${name}.md`);

/** Files read as text: everything but images and other binaries (a NUL byte tells). */
function textOf(file: string): string | undefined {
  const bytes = readFileSync(join(ROOT, file));
  return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

/**
 * Files whose relative paths are read from other directories than their own: vite.config.ts's
 * output paths are relative to each build's `root` (web/, web/health/, widget/).
 */
const RELATIVE_TO: Record<string, string[]> = { 'vite.config.ts': ['web', 'web/health', 'widget'] };

/** This file: its examples of paths that lead out are what it refuses elsewhere. */
const SELF = relative(ROOT, import.meta.filename)
  .split(sep)
  .join('/');

/** Relative paths (`../x/y`) in a file that lead out of the repository from where they are read. */
function escapingPaths(file: string, text: string): string[] {
  const bases = [dirname(file), ...(RELATIVE_TO[file] ?? [])];
  const leadsOut = (base: string, path: string) => {
    const target = relative(ROOT, resolve(ROOT, base, path));
    return target === '..' || target.startsWith(`..${sep}`);
  };
  const found: string[] = [];
  for (const [path = ''] of text.matchAll(/(?<![\w.])(?:\.\.\/)+[\w@.-]+(?:\/[\w@.-]+)*/g)) {
    if (bases.every((base) => leadsOut(base, path))) found.push(path);
  }
  return found;
}

/**
 * Paths the docs name that are not in the repository by design: build output and local state
 * (created by `npm run build`, `npm run sbom`, `npm run demo:world`), and files the app serves
 * under a URL path rather than a repository path.
 */
const NOT_IN_REPOSITORY = {
  prefixes: ['dist/', './dist/', '.local/'],
  servedPaths: new Set(['/widget/WIDGET.md', '/widget/luca-checkin.js', '/health/sw.js']),
};

const FILE_EXTENSIONS = /\.(ts|mjs|js|json|md|html|css|sql|toml|ya?ml|txt|png|svg|webmanifest|sh)$/;

/** The docs checked: the ones a newcomer reads. The changelog is left out: it names files as they were then. */
const DOCS = FILES.filter((file) => ['README.md', 'CONTRIBUTING.md', 'SECURITY.md'].includes(file) || /^docs\/[^/]+\.md$/.test(file));

/** Every token in inline code (`…`, outside fenced blocks) that looks like a file or directory path. */
function pathsInBackticks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const paths: string[] = [];
  for (const [, code = ''] of prose.matchAll(/`([^`\n]+)`/g)) {
    for (const raw of code.split(/\s+/)) {
      const token = raw.replace(/^\(+/, '').replace(/[,;:)]+$/, '');
      // URLs, globs, placeholders and fragments are not repository paths.
      if (token.includes('://') || /[*<>{}[\]=#?]/.test(token)) continue;
      const isFile = FILE_EXTENSIONS.test(token);
      const isDirectory = token.endsWith('/') && token.length > 1 && !token.startsWith('/');
      if (isFile || isDirectory) paths.push(token);
    }
  }
  return paths;
}

/** Why a path the docs name cannot be found, or undefined when it can. */
function missing(path: string): string | undefined {
  if (NOT_IN_REPOSITORY.prefixes.some((prefix) => path.startsWith(prefix))) return undefined;
  if (path.startsWith('/')) return NOT_IN_REPOSITORY.servedPaths.has(path) ? undefined : 'a served path not in the list of served files';
  if (path.endsWith('/')) return FILES.some((file) => file.startsWith(path)) ? undefined : 'no such directory';
  // A bare name is a top-level file, or a file the surrounding text places in a directory it names.
  if (!path.includes('/')) return FILE_SET.has(path) || BASENAMES.has(path) ? undefined : 'no file of that name';
  return FILE_SET.has(path) ? undefined : 'no such file';
}

describe('references', () => {
  it('never cite a document outside the repository', () => {
    const offences: string[] = [];
    for (const file of FILES) {
      if (LOCKFILES.has(file) || file === SELF) continue;
      const text = textOf(file);
      if (text === undefined) continue;
      for (const name of OUTSIDE_DOCUMENTS) if (text.includes(name)) offences.push(`${file}: names ${name}`);
      for (const path of escapingPaths(file, text)) offences.push(`${file}: ${path} leads out of the repository`);
    }
    expect(offences).toEqual([]);
  });

  it('tell a relative path inside the repository from one that leads out', () => {
    expect(escapingPaths('web/guest/app.ts', "import { api } from '../shared/api.ts';")).toEqual([]);
    expect(escapingPaths('bench/floor/wrangler.toml', 'migrations_dir = "../../migrations"')).toEqual([]);
    expect(escapingPaths('vite.config.ts', "outDir: '../../dist/web/health'")).toEqual([]);
    expect(escapingPaths('README.md', 'see ../shared/notes.md')).toEqual(['../shared/notes.md']);
    expect(escapingPaths('docs/NOTES.md', 'see ../shared/notes.md and ../../elsewhere/x.ts')).toEqual(['../../elsewhere/x.ts']);
    expect(escapingPaths('bench/run.ts', "'../../../x.ts'")).toEqual(['../../../x.ts']);
  });

  it('name only files and directories that exist, in the docs a newcomer reads', () => {
    expect(DOCS).toContain('README.md');
    expect(DOCS).toContain('docs/ARCHITECTURE.md');
    const broken: string[] = [];
    let checked = 0;
    for (const doc of DOCS) {
      for (const path of pathsInBackticks(readFileSync(join(ROOT, doc), 'utf8'))) {
        checked++;
        const why = missing(path);
        if (why) broken.push(`${doc}: \`${path}\` (${why})`);
      }
    }
    // The docs name well over a hundred paths; finding few would mean the extraction broke.
    expect(checked).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });

  it('find paths in inline code and leave code blocks, URLs and globs alone', () => {
    const markdown = [
      'See `web/guest/sync.ts`, `wrangler.toml` and `bench/floor/` (or `npm run x -- --persist-to dist/x.json`).',
      '`https://luca.example/widget/WIDGET.md`, `**/*.{js,css}`, `/c#1.<venueId>`, `window.opener`, `127.0.0.1`',
      '```sh',
      'cat `not/checked.ts`',
      '```',
    ].join('\n');
    expect(pathsInBackticks(markdown)).toEqual(['web/guest/sync.ts', 'wrangler.toml', 'bench/floor/', 'dist/x.json']);
    expect(missing('web/guest/nothing.ts')).toBe('no such file');
    expect(missing('nothing.toml')).toBe('no file of that name');
    expect(missing('/widget/other.js')).toBe('a served path not in the list of served files');
    expect(missing('dist/web/sw.js')).toBeUndefined();
  });
});
