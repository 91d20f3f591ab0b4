import { describe, expect, it } from 'vitest';
import { resourceFieldsOf } from './service-json.js';

describe('resourceFieldsOf', () => {
  const id = '0b9b1f0e-3c1e-4a53-9d51-0f7f5c0e2a11';

  it('should read the id from the start and the version from the end of a mapper’s JSON text', () => {
    const json = JSON.stringify({ id, name: 'Boulangerie', address: { line: '1 rue', version: 7 }, version: 12 });
    expect(resourceFieldsOf(json)).toEqual({ id, version: 12 });
  });

  it('should parse the text when the id is not first or the version not last, and give the same answer', () => {
    expect(resourceFieldsOf(JSON.stringify({ name: 'x', id, version: 3 }))).toEqual({ id, version: 3 });
    expect(resourceFieldsOf(JSON.stringify({ id, version: 4, name: 'x' }))).toEqual({ id, version: 4 });
    // A nested version last is not the resource's: the text ends in "}}", so it is parsed.
    expect(resourceFieldsOf(JSON.stringify({ id, version: 5, meta: { version: 9 } }))).toEqual({ id, version: 5 });
  });

  it('should not take a version or an id written inside a string value for the resource’s', () => {
    const json = JSON.stringify({ id, notes: '"version":99}', version: 6 });
    expect(resourceFieldsOf(json)).toEqual({ id, version: 6 });
    expect(resourceFieldsOf(JSON.stringify({ notes: `{"id":"forged"`, id, version: 2 }))).toEqual({ id, version: 2 });
  });
});
