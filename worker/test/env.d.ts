import type { D1Migration } from '@cloudflare/vitest-pool-workers';
import type { Env as WorkerEnv } from '../env.ts';

// The bindings the tests see through `import { env } from 'cloudflare:workers'`.
declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
    // The Worker's module, so that `exports.default.fetch` in the tests is typed.
    interface GlobalProps {
      mainModule: typeof import('../index.ts');
    }
  }
}
