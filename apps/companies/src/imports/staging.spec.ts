import { describe, expect, it } from 'vitest';
import { STAGED_COLUMNS, stagingLine } from './staging.js';

describe('stagingLine', () => {
  it('should write the line then every staged column, \\N for the absent ones', () => {
    const line = stagingLine(7, { siret: '55210055400013', name: 'Dupont', tags: ['a'], hiringPotential: 40, hiringPotentialEstimated: true });
    const cells = line.slice(0, -1).split('\t');
    expect(line.endsWith('\n')).toBe(true);
    expect(cells).toHaveLength(STAGED_COLUMNS.length + 1);
    expect(cells.slice(0, 3)).toEqual(['7', '55210055400013', 'Dupont']);
    expect(cells[STAGED_COLUMNS.findIndex((spec) => spec.column === 'city') + 1]).toBe('\\N');
    expect(cells[STAGED_COLUMNS.findIndex((spec) => spec.column === 'hiring_potential') + 1]).toBe('40');
    expect(cells[STAGED_COLUMNS.findIndex((spec) => spec.column === 'hiring_potential_estimated') + 1]).toBe('t');
  });

  it('should escape backslashes, tabs and line breaks, and quote array items, when values hold them', () => {
    const line = stagingLine(2, { siret: '55210055400013', name: 'a\\b\tc\nd\re', tags: ['x"y', 'z\\w'] });
    const cells = line.slice(0, -1).split('\t');
    expect(cells[2]).toBe('a\\\\b\\tc\\nd\\re');
    expect(cells[STAGED_COLUMNS.findIndex((spec) => spec.column === 'tags') + 1]).toBe('{"x\\\\"y","z\\\\\\\\w"}');
  });
});
