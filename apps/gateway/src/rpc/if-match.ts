import { CommonProblem } from '@app/contracts';
import { HttpProblem } from '../problem/http-problem.js';

/** Longest If-Match this API understands: `W/"123456789"`, spaces aside. */
export const IF_MATCH_MAX_LENGTH = 20;

/**
 * The version a `PATCH` was based on: `If-Match: "3"` (also `W/"3"` or `3`) → 3. Absent or `*`
 * → 428: a change must say which version it read, so that two people editing one resource never
 * silently overwrite each other (last writer wins). Anything else → 400.
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '*') {
    throw new HttpProblem({
      type: CommonProblem.PreconditionRequired,
      title: 'If-Match required',
      status: 428,
      detail: 'A change must send the version it read in If-Match, as in If-Match: "3" (the ETag of the last read).',
      errors: [{ field: 'If-Match', message: 'is required: the version you read, in quotes' }],
    });
  }
  const match = header.length <= IF_MATCH_MAX_LENGTH ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header) : null;
  if (match) return Number(match[1]);
  throw new HttpProblem({
    type: CommonProblem.ValidationFailed,
    title: 'Invalid request',
    status: 400,
    detail: 'If-Match must be the resource version in quotes, as in "3".',
    errors: [{ field: 'If-Match', message: 'must be a version number in quotes' }],
  });
}

/** The ETag of a resource is its version. */
export const etagOf = (version: number): string => `"${version}"`;
