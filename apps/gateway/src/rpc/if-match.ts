import { ValidationFailedError } from '@app/platform';

/** `If-Match: "3"` (also `W/"3"` or `3`) → 3; absent → undefined; anything else → 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (match) return Number(match[1]);
  throw new ValidationFailedError([{ field: 'If-Match', message: 'must be a version number in quotes' }], 'If-Match must be the resource version in quotes, as in "3".');
}

/** The ETag of a resource is its version. */
export const etagOf = (version: number): string => `"${version}"`;
