import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations under db/migrations; they are committed and applied at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
