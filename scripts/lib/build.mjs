// Builds the five apps when the bundles are missing or older than their sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail, log, ROOT } from './environment.mjs';

export const APPS = ['gateway', 'companies', 'contacts', 'campaigns', 'conventions'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt() {
  const bundles = APPS.map((app) => join(ROOT, 'dist', 'apps', app, 'main.js'));
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')), statSync(join(ROOT, 'package-lock.json')).mtimeMs);
  const fresh = bundles.every((bundle) => existsSync(bundle) && statSync(bundle).mtimeMs >= sources);
  if (fresh) return;
  log('building the gateway and the four services (about a minute)…');
  const result = spawnSync('npx', ['nest', 'build', ...APPS], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0 || !bundles.every(existsSync)) fail('the build failed: run `npm run build` to see why.');
}
