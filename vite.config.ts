/**
 * The web app (web/) built by Vite into dist/web, which the server serves. `npm run dev` runs the
 * server on :3000; `npx vite` serves the app with hot reload and proxies /api to it.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressPlugin } from './scripts/precompress.mjs';

export default defineConfig({
  root: 'web',
  base: '/',
  // .br/.gz copies of the output, served as they are (server/app.ts).
  plugins: [react(), precompressPlugin()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Pages are split by route (lazy imports); the framework libraries, which change rarely, get
        // their own long-cached chunks. Only code the shell imports eagerly is matched here, so
        // lazy-only libraries (exceljs, echarts) stay in the chunks of the pages that use them.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'router', test: /node_modules[\\/]@tanstack[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
