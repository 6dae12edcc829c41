import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The root public key is compiled into every bundle (trust model 3). A deployment sets
 * LUCA_ROOT_PUBLIC_KEY; locally it is the demo root that scripts/demo-world.ts created.
 */
function pinnedRootPublicKey(): string {
  const fromEnv = process.env.LUCA_ROOT_PUBLIC_KEY;
  if (fromEnv) return fromEnv;
  const demoFile = resolve(import.meta.dirname, '.local/demo-world.json');
  if (!existsSync(demoFile)) {
    throw new Error('No root key to pin: set LUCA_ROOT_PUBLIC_KEY, or run `npm run demo:world` to create the local demo root.');
  }
  const world = JSON.parse(readFileSync(demoFile, 'utf8')) as { root: { publicKey: string } };
  return world.root.publicKey;
}

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  define: {
    __LUCA_ROOT_PUBLIC_KEY__: JSON.stringify(pinnedRootPublicKey()),
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        guest: resolve(import.meta.dirname, 'web/index.html'),
      },
    },
  },
});
