import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The gateway serves dist/web at `/`; the API stays under /api/v1, so nothing collides.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Hashed names under /assets/: the gateway caches them for a year, index.html never.
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    // `npx vite apps/web` during development: the API of a running `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
