import 'reflect-metadata';
import { databaseOptions, runMigrations } from '@app/platform';
import { adminQuery, databaseUrl, dropDatabase, dropStaleTestDatabases, uniqueDatabaseName } from '@app/testing';
import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../../scripts/lib/build.mjs';
import { ALL_DATABASES } from './definitions.js';
import { clearSuiteLogs, personalDataInSuiteLogs } from './log-check.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Builds the web app when stale, and migrates every schema once into a template database; each test file clones it. After the last
 * file, fails the run when a test person's email or phone reached any log line (test-results/logs/).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  clearSuiteLogs();
  // Once for the run: the gateway of every test serves dist/web, and the browser tests drive it.
  ensureWebBuilt();
  await dropStaleTestDatabases();
  const template = uniqueDatabaseName('template');
  await adminQuery(`CREATE DATABASE "${template}"`);
  for (const { owner, database } of ALL_DATABASES) {
    await runMigrations(databaseOptions(databaseUrl(template), database, `${owner}-migrate`));
  }
  project.provide('templateDatabase', template);
  return async () => {
    await dropDatabase(template);
    const hits = personalDataInSuiteLogs();
    if (hits.length > 0) {
      // Vitest reports an error thrown here but still exits 0: set the exit code ourselves.
      process.exitCode = 1;
      throw new Error(`Personal data of test people reached the logs (${hits.length} lines; see test-results/logs/): ${hits.slice(0, 10).join(', ')}`);
    }
  };
}
