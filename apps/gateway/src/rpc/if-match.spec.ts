import { describe, expect, it } from 'vitest';
import { DomainError } from '@app/platform';
import { etagOf, parseIfMatch } from './if-match.js';

/** The problem parseIfMatch throws for `header` (fails the test when it throws none). */
function problemOf(header: string | undefined): DomainError['problem'] {
  let thrown: unknown;
  try {
    parseIfMatch(header);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  return (thrown as DomainError).problem;
}

describe('parseIfMatch', () => {
  it.each([
    ['"3"', 3],
    ['W/"3"', 3],
    ['3', 3],
    ['  "12"  ', 12],
    ['"999999999"', 999_999_999],
  ])('should read version %s when If-Match is %s', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it.each([[undefined], ['*'], [' * ']])('should answer a 428 naming If-Match when If-Match is %s', (header) => {
    const problem = problemOf(header);
    expect(problem).toMatchObject({ status: 428, type: '/problems/precondition-required' });
    expect(problem.errors).toEqual([{ field: 'If-Match', code: 'required', message: expect.any(String) }]);
  });

  it.each([['"abc"'], ['"3", "4"'], ['"-1"'], ['"1.5"'], ['""'], ['"1234567890"'], ['W/3x'], [`"3"${' '.repeat(30)}`]])(
    'should answer a 400 naming If-Match when the header is %s',
    (header) => {
      const problem = problemOf(header);
      expect(problem.status).toBe(400);
      expect(problem.errors).toEqual([{ field: 'If-Match', code: 'invalidVersion', message: expect.any(String) }]);
    },
  );

  it('should read back the ETag it writes when a client echoes it', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(parseIfMatch(etagOf(7))).toBe(7);
  });
});
