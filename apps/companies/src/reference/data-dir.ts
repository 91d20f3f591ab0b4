import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file that marks filon's reference data folder. */
const MARKER = 'naf-rev2.csv';

/**
 * Finds the folder of the reference CSVs (`data/` at the repository root, `/app/data` in the image):
 * `FILON_DATA_DIR` when set, else the first `data/` holding naf-rev2.csv walking up from the working
 * directory, then from this module's location. The module may run from source (tests), from the
 * bundle dist/apps/companies/main.js or from the image, so no single relative path fits them all.
 */
export function referenceDataDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), moduleUrl: string = import.meta.url): string {
  const configured = env.FILON_DATA_DIR;
  if (configured) {
    const dir = resolve(configured);
    if (!existsSync(join(dir, MARKER))) throw new Error(`FILON_DATA_DIR=${configured} holds no ${MARKER}`);
    return dir;
  }
  const starts = [cwd, ...moduleDir(moduleUrl)];
  for (const start of starts) {
    const found = walkUp(start);
    if (found) return found;
  }
  throw new Error(`No data/${MARKER} found above ${starts.join(' or ')}; set FILON_DATA_DIR to the reference data folder`);
}

function walkUp(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'data');
    if (existsSync(join(candidate, MARKER))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

// Bundlers may rewrite import.meta.url to the source file's URL, or leave it to the bundle's: either is a fine start.
function moduleDir(moduleUrl: string): string[] {
  try {
    return moduleUrl.startsWith('file:') ? [dirname(fileURLToPath(moduleUrl))] : [];
  } catch {
    return [];
  }
}
