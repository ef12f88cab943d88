import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into web/dist, which the service serves (src/http/web-interface.ts). `npm run dev:web` serves
// the same sources with hot reload and hands /api and the other service paths to the service on 8000.
const service = process.env.STOCKBOOK_URL ?? 'http://localhost:8000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline script or style anywhere: the page's CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 400,
    // Read by bench/web.ts: which chunks the sign-in screen loads and which come on demand.
    manifest: true,
  },
  server: {
    host: process.env.VITE_HOST ?? 'localhost',
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: Object.fromEntries(['/api', '/health', '/version', '/docs', '/openapi.json'].map((p) => [p, service])),
  },
});
