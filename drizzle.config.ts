// Core tables. Each domain module generates its own migrations: see scripts/db-generate.mjs.
import { defineConfig } from 'drizzle-kit';
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/kernel/db/schema.ts',
  out: './server/migrations/core',
});
