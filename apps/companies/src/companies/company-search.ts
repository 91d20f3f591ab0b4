import { createHash } from 'node:crypto';

/** What GET /companies asks for, once the service has turned ROME codes into NAF codes. */
export interface SearchCriteria {
  q?: string;
  /** NAF codes or prefixes, normalised (`10.71C`, `10.71`, `47`). */
  nafPrefixes?: string[];
  /** The NAF codes that hire for the asked ROME jobs. */
  nafCodes?: string[];
  postalCodes?: string[];
  cities?: string[];
  sizeBands?: string[];
  tags?: string[];
  doNotCall?: boolean;
}

/** At most this many words of `q` become index conditions (the rank still reads all of `q`). */
export const MAX_QUERY_WORDS = 8;

/**
 * The words of `q` that each must match a word of the name or trade name (typos tolerated): split on
 * what is neither a letter nor a digit, one-letter words dropped unless alone, duplicates dropped.
 */
export function queryWords(q: string): string[] {
  const words = [...new Set(q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0))];
  const significant = words.filter((word) => word.length > 1);
  return (significant.length > 0 ? significant : words).sort((a, b) => b.length - a.length).slice(0, MAX_QUERY_WORDS);
}

/** `1071c` → `10.71C`, `1071` → `10.71`, `47` → `47`: the stored form, for a prefix match. */
export function nafPrefix(value: string): string {
  const compacted = value.replace(/[\s.]/g, '').toUpperCase();
  return compacted.length > 2 ? `${compacted.slice(0, 2)}.${compacted.slice(2)}` : compacted;
}

/** Ties a cursor to the search that gave it: another search's cursor is refused rather than misread. */
export function searchFingerprint(criteria: SearchCriteria): string {
  return createHash('sha256').update(JSON.stringify(criteria)).digest('base64url').slice(0, 12);
}
