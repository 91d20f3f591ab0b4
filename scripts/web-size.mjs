// `npm run web:size`: builds the web app when stale, measures its first screen's gzipped JavaScript,
// fails above the 300 KB budget, and with --write records the figures in bench/RESULTS.md ("Web app").
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWebBuilt, WEB_DIST } from './lib/build.mjs';
import { fail, log, ROOT } from './lib/environment.mjs';
import { FIRST_SCREEN_BUDGET_BYTES, measureWebApp } from './lib/web-size.mjs';

ensureWebBuilt();
const size = measureWebApp(WEB_DIST);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
log(`web app first screen: ${kb(size.firstScreenJsGzip)} of JavaScript gzipped (${kb(size.firstScreenJsRaw)} raw; budget ${kb(FIRST_SCREEN_BUDGET_BYTES)})`);

if (process.argv.includes('--write')) {
  const START = '<!-- web-size:start (written by scripts/web-size.mjs) -->';
  const END = '<!-- web-size:end -->';
  const section = `${START}
## Web app: the first screen's weight

Written by \`npm run web:size\` (scripts/web-size.mjs, after \`vite build\`) on ${new Date().toISOString()}.
What a phone downloads before the login screen shows: the JavaScript \`index.html\` loads (its module
script and the modules it preloads), gzipped at level 9: the build writes these \`.gz\` files (and
\`.br\`, smaller still) and the gateway sends them to browsers that accept them.

| what | gzipped | raw |
|---|---:|---:|
| **first screen's JavaScript** (${size.firstScreenJs.join(', ')}) | **${kb(size.firstScreenJsGzip)}** | ${kb(size.firstScreenJsRaw)} |
| its CSS | ${kb(size.cssGzip)} | |
| loaded later, on demand (${size.laterJs.join(', ')}: the English messages) | ${kb(size.laterJsGzip)} | |

Budget (issue 11): 300 KB of JavaScript gzipped — **${size.firstScreenJsGzip <= FIRST_SCREEN_BUDGET_BYTES ? 'met' : 'not met'}**
(${Math.round((100 * size.firstScreenJsGzip) / FIRST_SCREEN_BUDGET_BYTES)} % of it). React 19 and react-dom are most of it; the app's own code and French messages the rest.
${END}`;
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const previous = readFileSync(file, 'utf8');
  // Below the benchmark's hand-written marker, so that `npm run bench:read` keeps it.
  const next = previous.includes(START)
    ? previous.slice(0, previous.indexOf(START)) + section + previous.slice(previous.indexOf(END) + END.length)
    : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  log('wrote the "Web app" section of bench/RESULTS.md');
}
if (size.firstScreenJsGzip > FIRST_SCREEN_BUDGET_BYTES) fail(`the first screen's JavaScript is over budget: ${kb(size.firstScreenJsGzip)} > ${kb(FIRST_SCREEN_BUDGET_BYTES)}`);
