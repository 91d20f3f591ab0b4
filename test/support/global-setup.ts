import 'reflect-metadata';
import { databaseOptions, runMigrations } from '@app/platform';
import { adminQuery, databaseUrl, dropDatabase, dropStaleTestDatabases, uniqueDatabaseName } from '@app/testing';
import type { TestProject } from 'vitest/node';
import { ALL_DATABASES } from './definitions.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates every schema once into a template database; each test file clones it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await dropStaleTestDatabases();
  const template = uniqueDatabaseName('template');
  await adminQuery(`CREATE DATABASE "${template}"`);
  for (const { owner, database } of ALL_DATABASES) {
    await runMigrations(databaseOptions(databaseUrl(template), database, `${owner}-migrate`));
  }
  project.provide('templateDatabase', template);
  return () => dropDatabase(template);
}
