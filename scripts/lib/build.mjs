// Builds the five apps and the web app when their output is missing or older than their sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail, log, ROOT } from './environment.mjs';

export const APPS = ['gateway', 'companies', 'contacts', 'campaigns', 'conventions'];

const SERVER_SOURCE = /(?<!\.spec)\.ts$/;
// The web app's sources: code, message files, styles, index.html and the public files.
const WEB_SOURCE = /\.(tsx?|json|css|html|svg)$/;

function newestSource(dir, pattern = SERVER_SOURCE) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path, pattern));
    else if (pattern.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export const WEB_DIST = join(ROOT, 'dist', 'web');

/** Builds apps/web into dist/web (Vite) when it is missing or older than its sources; the gateway serves it at `/`. */
export function ensureWebBuilt() {
  const index = join(WEB_DIST, 'index.html');
  // The web app also reads the call outcomes from libs/contracts.
  const sources = Math.max(newestSource(join(ROOT, 'apps', 'web'), WEB_SOURCE), newestSource(join(ROOT, 'libs', 'contracts', 'src', 'campaigns')), statSync(join(ROOT, 'package-lock.json')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the web app (Vite)…');
  // Always the production build: vitest sets NODE_ENV=test, which would give React's development build.
  const result = spawnSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0 || !existsSync(index)) fail('the web app build failed: run `npm run build:web` to see why.');
}

export function ensureBuilt() {
  const bundles = APPS.map((app) => join(ROOT, 'dist', 'apps', app, 'main.js'));
  ensureWebBuilt();
  const sources = Math.max(...APPS.map((app) => newestSource(join(ROOT, 'apps', app))), newestSource(join(ROOT, 'libs')), statSync(join(ROOT, 'package-lock.json')).mtimeMs);
  const fresh = bundles.every((bundle) => existsSync(bundle) && statSync(bundle).mtimeMs >= sources);
  if (fresh) return;
  log('building the gateway and the four services (about a minute)…');
  const result = spawnSync('npx', ['nest', 'build', ...APPS], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0 || !bundles.every(existsSync)) fail('the build failed: run `npm run build` to see why.');
}
