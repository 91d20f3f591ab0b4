// Summarises a V8 .cpuprofile (written by `node --cpu-prof`): self time by function and by package.
import { readFileSync } from 'node:fs';

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where a frame comes from: an npm package, our bundle, Node's internals or V8. */
function origin(url, root) {
  if (!url) return 'v8/native';
  if (url.startsWith('node:')) return 'node (internals)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.includes('/dist/apps/')) return `our code (${/dist\/apps\/([^/]+)/.exec(url)[1]})`;
  return url.replace(`file://${root}/`, '');
}

/**
 * Self samples per function (name + file + line) and per origin, as % of the busy samples
 * (everything but idle). Returns {busySamples, idleShare, functions: [...], origins: [...]}.
 */
export function summariseProfile(file, root, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map();
  for (const node of profile.nodes) self.set(node.id, 0);
  for (const id of profile.samples) self.set(id, self.get(id) + 1);
  const functions = new Map();
  const origins = new Map();
  let busy = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const samples = self.get(node.id);
    if (!samples) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += samples;
      continue;
    }
    busy += samples;
    const name = functionName || '(anonymous)';
    const where = SPECIAL.has(name) ? '' : `${url.replace(`file://${root}/`, '').replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
    const key = `${name} ${where}`;
    functions.set(key, (functions.get(key) ?? 0) + samples);
    const from = SPECIAL.has(name) ? name : origin(url, root);
    origins.set(from, (origins.get(from) ?? 0) + samples);
  }
  const rank = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, samples]) => ({ key, share: samples / busy }));
  return { busySamples: busy, idleShare: idle / (idle + busy), functions: rank(functions), origins: rank(origins) };
}

/** The summaries of `profiles` (name → summariseProfile's answer) as Markdown: self time by origin, then the top functions. */
export function profileTables(profiles) {
  const pct = (share) => `${(share * 100).toFixed(1)} %`;
  return Object.entries(profiles)
    .map(([name, p]) =>
      [
        `#### ${name} (${p.busySamples} busy samples; idle ${pct(p.idleShare)} of the window)`,
        '',
        'Self time by origin (% of busy samples):',
        '',
        '| origin | self |',
        '|---|---:|',
        ...p.origins.slice(0, 10).map((o) => `| ${o.key} | ${pct(o.share)} |`),
        '',
        `Top ${p.functions.length} functions by self time (% of busy samples):`,
        '',
        '| function (file:line) | self |',
        '|---|---:|',
        ...p.functions.map((f) => `| \`${f.key.replace(/\|/g, '\\|')}\` | ${pct(f.share)} |`),
      ].join('\n'),
    )
    .join('\n\n');
}
