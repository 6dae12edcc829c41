import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes numbered SQL migrations that wrangler and the Worker tests apply.
export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema.ts',
  out: './migrations',
});
