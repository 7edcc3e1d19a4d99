/**
 * The console is served by the API under /console/ (api/console/). `npm run console:dev` runs Vite's
 * dev server with hot reload and forwards the API's paths to a running `npm start` (CONSOLE_API_URL,
 * default http://127.0.0.1:3000).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.CONSOLE_API_URL ?? 'http://127.0.0.1:3000';
const API_PATHS = ['/cases', '/approvals', '/alerts', '/stats', '/dev', '/console/config.json'];

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Read by scripts/check-console-size.ts: which chunks a first visit loads.
    manifest: true,
    // No data: URLs, so that the Content-Security-Policy's img-src and font-src stay 'self'.
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: api, changeOrigin: false }])),
  },
});
