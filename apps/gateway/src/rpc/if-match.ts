import { PreconditionRequiredError, ValidationFailedError } from '@app/platform';

/** Longest If-Match this API understands: `W/"123456789"`, spaces aside. */
export const IF_MATCH_MAX_LENGTH = 20;

/**
 * The version a `PATCH` was based on: `If-Match: "3"` (also `W/"3"` or `3`) → 3. Absent or `*`
 * → 428: a change must say which version it read, so that two people editing one resource never
 * silently overwrite each other (last writer wins). Anything else → 400.
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '*') {
    throw new PreconditionRequiredError();
  }
  const match = header.length <= IF_MATCH_MAX_LENGTH ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header) : null;
  if (match) return Number(match[1]);
  throw new ValidationFailedError([{ field: 'If-Match', code: 'invalidVersion', message: 'must be a version number in quotes' }], 'If-Match must be the resource version in quotes, as in "3".');
}

/** The ETag of a resource is its version. */
export const etagOf = (version: number): string => `"${version}"`;
