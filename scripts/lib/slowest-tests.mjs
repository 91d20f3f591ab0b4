// How long each test file took, import and set-up included: `npm test` runs this module as a vitest
// reporter, which writes test-results/file-durations.json; `node scripts/lib/slowest-tests.mjs [count]`
// prints the slowest files from it (CI prints ten before its last line).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DURATIONS = join(ROOT, 'test-results', 'file-durations.json');

/** Vitest reporter: per file, seconds importing it (and what it imports), then running its hooks and tests. */
export default class FileDurationsReporter {
  onTestRunEnd(testModules) {
    const files = testModules.map((module) => {
      const { collectDuration, setupDuration, prepareDuration, duration } = module.diagnostic();
      const importing = (collectDuration + setupDuration + prepareDuration) / 1000;
      return { path: relative(ROOT, module.moduleId), seconds: importing + duration / 1000, importing, running: duration / 1000, tests: [...module.children.allTests()].length };
    });
    mkdirSync(dirname(DURATIONS), { recursive: true });
    writeFileSync(DURATIONS, `${JSON.stringify(files.sort((a, b) => b.seconds - a.seconds), null, 1)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 10);
  if (!existsSync(DURATIONS)) {
    console.log(`slowest test files: ${relative(ROOT, DURATIONS)} is missing (npm test writes it)`);
  } else {
    const files = JSON.parse(readFileSync(DURATIONS, 'utf8')).slice(0, count);
    console.log(`slowest ${files.length} test files (seconds: in all = importing + running):`);
    for (const file of files) {
      console.log(`${file.seconds.toFixed(1).padStart(7)} = ${file.importing.toFixed(1).padStart(5)} + ${file.running.toFixed(1).padStart(6)}  ${file.path} (${file.tests} test${file.tests === 1 ? '' : 's'})`);
    }
  }
}
