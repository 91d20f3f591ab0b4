import { CommonProblem } from '@app/contracts';
import { HttpProblem } from '../problem/http-problem.js';

/** Longest If-Match this API understands: `W/"123456789"`, spaces aside. */
export const IF_MATCH_MAX_LENGTH = 20;

/** `If-Match: "3"` (also `W/"3"` or `3`) → 3; absent → undefined; anything else → 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
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
