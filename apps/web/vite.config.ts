import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Writes `.br` and `.gz` next to every text file of the build: the gateway sends them to browsers
 * that accept them (@fastify/static's preCompressed), so a phone downloads the gzipped size without
 * the gateway compressing anything per request.
 */
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|json)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return {
    name: 'filon-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir).filter((path) => compressible.test(path))) {
        const content = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content));
      }
    },
  };
}

// The gateway serves dist/web at `/`; the API stays under /api/v1, so nothing collides.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // Hashed names under /assets/: the gateway caches them for a year, index.html never.
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    // `npx vite --config apps/web/vite.config.ts` during development: the API of a running `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
