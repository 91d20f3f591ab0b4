// What the web app's first screen costs a phone: the JavaScript index.html loads before anything
// shows (its module script and the modules it preloads), gzipped as a server sends it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for the first screen's JavaScript, gzipped. */
export const FIRST_SCREEN_BUDGET_BYTES = 300 * 1024;

const gzipped = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Sizes in bytes of the built app in `dir` (dist/web): the first screen's JS and CSS, and the chunks loaded later. */
export function measureWebApp(dir) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const firstScreenJs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g),
  ].map((match) => match[1]);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\/([^"]+)"/g)].map((match) => match[1]);
  const laterJs = readdirSync(join(dir, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((path) => path.endsWith('.js') && !firstScreenJs.includes(path));
  const sum = (files, measure) => files.reduce((total, file) => total + measure(join(dir, file)), 0);
  const raw = (file) => readFileSync(file).length;
  return {
    firstScreenJs,
    firstScreenJsGzip: sum(firstScreenJs, gzipped),
    firstScreenJsRaw: sum(firstScreenJs, raw),
    cssGzip: sum(css, gzipped),
    laterJs,
    laterJsGzip: sum(laterJs, gzipped),
  };
}
