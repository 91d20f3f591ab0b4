import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from './domain-error.js';
import { assertSafeInput, MAX_INPUT_DEPTH, textFault, unsafeInputErrors } from './unsafe-input.js';

/** `{a: {a: … 'leaf'}}`, `levels` objects deep. */
const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
};

describe('textFault', () => {
  it.each([
    ['plain text', 'Boulangerie Dupont'],
    ['accents and emoji (a valid surrogate pair)', 'Crêpes 🥞 à gogo'],
    ['an empty string', ''],
  ])('should accept %s', (_case, text) => {
    expect(textFault(text)).toBeUndefined();
  });

  it.each([
    ['a NUL character', 'Dupont\u0000', /NUL/],
    ['a lone high surrogate', 'a\ud800b', /surrogate/],
    ['a lone high surrogate at the end', 'a\udbff', /surrogate/],
    ['a lone low surrogate', '\udc00a', /surrogate/],
    ['two low surrogates after a valid pair', '🥞\udc00', /surrogate/],
  ])('should refuse %s', (_case, text, why) => {
    expect(textFault(text)).toMatch(why);
  });
});

describe('unsafeInputErrors', () => {
  it('should find nothing when the input is clean', () => {
    expect(unsafeInputErrors({ name: 'Dupont', address: { city: 'Dunkerque' }, tags: ['a', 'b'], hiringPotential: 3, doNotCall: null })).toEqual([]);
  });

  it('should name each faulty string by its dotted path when strings hold NUL or lone surrogates', () => {
    const errors = unsafeInputErrors({ name: 'a\u0000', address: { city: '\ud83d' }, tags: ['ok', 'x\u0000'] });
    expect(errors.map((error) => error.field)).toEqual(['name', 'address.city', 'tags.1']);
    expect(errors[0].message).toMatch(/^name must not contain the NUL character/);
    expect(errors[1].message).toMatch(/^address\.city must be valid Unicode/);
  });

  it('should prefix the paths with the field given when the input is one query parameter or path parameter', () => {
    expect(unsafeInputErrors('a\u0000', 'q')).toEqual([{ field: 'q', code: 'forbiddenCharacter', message: expect.stringMatching(/^q must not contain/) }]);
    expect(unsafeInputErrors({ q: ['x', 'y\u0000'] }).map((error) => error.field)).toEqual(['q.1']);
  });

  it('should refuse a field name holding NUL and report it escaped', () => {
    const errors = unsafeInputErrors({ 'na\u0000me': 'x', ['\ud800']: 1 });
    expect(errors.map((error) => error.field)).toEqual(['na\\u0000me', '\\ud800']);
    for (const error of errors) expect(textFault(error.field)).toBeUndefined();
  });

  it(`should accept ${MAX_INPUT_DEPTH} levels of nesting and refuse one more`, () => {
    expect(unsafeInputErrors(nested(MAX_INPUT_DEPTH))).toEqual([]);
    const errors = unsafeInputErrors(nested(MAX_INPUT_DEPTH + 1));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/nested more than 32 levels deep/);
  });

  it('should refuse 10,000 levels of objects or arrays without overflowing the stack', () => {
    let arrays: unknown = [];
    for (let level = 0; level < 10_000; level++) arrays = [arrays];
    for (const value of [nested(10_000), arrays, JSON.parse('['.repeat(10_000) + ']'.repeat(10_000))]) {
      expect(unsafeInputErrors(value)).toHaveLength(1);
    }
  });

  it('should report at most 20 faults when a body holds thousands', () => {
    const body = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`f${index}`, '\u0000']));
    expect(unsafeInputErrors(body)).toHaveLength(20);
  });
});

describe('assertSafeInput', () => {
  it('should throw a 400 ValidationFailedError listing the fields when the input is unsafe', () => {
    const thrown = (() => {
      try {
        assertSafeInput({ email: 'a\ud800@example.com' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ValidationFailedError);
    const problem = (thrown as ValidationFailedError).toProblem();
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([{ field: 'email', code: 'invalidUnicode', message: expect.stringMatching(/surrogate/) }]);
  });

  it('should not throw when the input is clean', () => {
    expect(() => assertSafeInput({ email: 'claire@example.com' })).not.toThrow();
  });
});
