import { SUITE_LOG_DIRECTORY } from '@app/testing';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_PERSON_EMAIL, TEST_PERSON_PHONE } from './test-people.js';

/** Before the run: no line of a previous run may be blamed on this one. */
export function clearSuiteLogs(): void {
  rmSync(SUITE_LOG_DIRECTORY, { recursive: true, force: true });
}

/**
 * After the run: every log line every app wrote in every test file, searched for the test people's
 * emails and phones. Returns where they appear (file and line, never the value itself).
 */
export function personalDataInSuiteLogs(): string[] {
  if (!existsSync(SUITE_LOG_DIRECTORY)) return [];
  const hits: string[] = [];
  for (const file of readdirSync(SUITE_LOG_DIRECTORY)) {
    const lines = readFileSync(join(SUITE_LOG_DIRECTORY, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (TEST_PERSON_EMAIL.test(line)) hits.push(`${file}:${index + 1} (an email)`);
      else if (TEST_PERSON_PHONE.test(line)) hits.push(`${file}:${index + 1} (a phone)`);
    });
  }
  return hits;
}
