import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceDataDir } from './data-dir.js';

const repositoryData = resolve(import.meta.dirname, '../../../../data');
const nowhere = mkdtempSync(join(tmpdir(), 'filon-data-dir-'));
afterAll(() => rmSync(nowhere, { recursive: true, force: true }));

describe('referenceDataDir', () => {
  it('should use FILON_DATA_DIR when it is set', () => {
    expect(referenceDataDir({ FILON_DATA_DIR: repositoryData }, nowhere, 'file:///nowhere/main.js')).toBe(repositoryData);
  });

  it('should refuse FILON_DATA_DIR when the folder holds no naf-rev2.csv', () => {
    expect(() => referenceDataDir({ FILON_DATA_DIR: nowhere }, nowhere, 'file:///nowhere/main.js')).toThrow(/naf-rev2\.csv/);
  });

  it('should walk up from the working directory when it runs from a sub-folder of the repository', () => {
    expect(referenceDataDir({}, join(repositoryData, '..', 'apps', 'companies'), 'file:///nowhere/main.js')).toBe(repositoryData);
  });

  it("should walk up from the module's location when the working directory is elsewhere (the bundle in dist/)", () => {
    const bundle = pathToFileURL(join(repositoryData, '..', 'dist', 'apps', 'companies', 'main.js')).href;
    expect(referenceDataDir({}, nowhere, bundle)).toBe(repositoryData);
  });

  it('should say where it looked and what to set when no data folder is found', () => {
    expect(() => referenceDataDir({}, nowhere, 'file:///nowhere/main.js')).toThrow(/FILON_DATA_DIR/);
  });
});
