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

/** The last row of the previous page: its rank (with `q`) or name (without), and its id. */
export interface SearchPosition {
  key: number | string;
  id: string;
}

/** One page's SQL and its parameters ($1 is the organisation). */
export interface SearchQuery {
  sql: string;
  params: unknown[];
}

/**
 * The SQL of one page of the organisation's companies matching `criteria` (`size` rows, plus one to
 * tell whether another page follows); `columns` are the company columns to return, quoted. Undefined
 * when `q` holds no word: nothing matches. Pure, so that scripts/bench-registry.mjs runs the very SQL
 * the service runs.
 *
 * With `q`: each word of it expands into the vocabulary words it is a trigram match for (`<%`, typos
 * tolerated; the small trigram index of the organisation's `companies.search_word`), and a company must hold one of
 * them for every word (the GIN index on its words and postal prefix). Ranked by the mean of
 * word_similarity and similarity between the whole query and the stored normalised name + trade
 * name, then by id. Without: by name, then id. Keyset pages on (rank, id) or (name, id): the cursor
 * holds the last row's exact values, so each match comes exactly once even when ranks or names tie.
 */
export function buildSearchQuery(organizationId: string, criteria: SearchCriteria, columns: string[], size: number, after?: SearchPosition): SearchQuery | undefined {
  const params: unknown[] = [organizationId];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const where = [`company."organization_id" = $1`];

  let rank = '';
  if (criteria.q) {
    const words = queryWords(criteria.q);
    if (words.length === 0) return undefined;
    // One array per word, computed once (an InitPlan) and then an index condition.
    for (const word of words) {
      where.push(
        `"companies"."search_words"(company."search_name") && ARRAY(SELECT "word" FROM "companies"."search_word" WHERE "organization_id" = $1 AND "companies"."search_text"(${param(word)}) <% "word")`,
      );
    }
    const query = `"companies"."search_text"(${param(criteria.q)})`;
    rank = `, ((word_similarity(${query}, company."search_name") + similarity(${query}, company."search_name")) / 2)::float8 AS "rank"`;
  }
  // One LIKE per value rather than LIKE ANY: the planner turns only a plain LIKE 'x%' into an index range.
  if (criteria.nafPrefixes) where.push(`(${criteria.nafPrefixes.map((prefix) => `company."naf_code" LIKE ${param(`${prefix}%`)}`).join(' OR ')})`);
  if (criteria.nafCodes) where.push(`company."naf_code" = ANY (${param(criteria.nafCodes)}::text[])`);
  if (criteria.postalCodes) where.push(postalCondition(criteria.postalCodes, param));
  if (criteria.cities) {
    where.push(`"companies"."place_key"(company."city") IN (SELECT "companies"."place_key"(city) FROM unnest(${param(criteria.cities)}::text[]) AS city)`);
  }
  if (criteria.sizeBands) where.push(`company."size_band" = ANY (${param(criteria.sizeBands)}::text[])`);
  if (criteria.tags) where.push(`company."tags" && ${param(criteria.tags)}::text[]`);
  if (criteria.doNotCall !== undefined) where.push(`company."do_not_call" = ${param(criteria.doNotCall)}`);

  const selected = columns.map((column) => `company.${column}`).join(', ');
  if (criteria.q) {
    let page = '';
    if (after) {
      const [afterRank, afterId] = [param(after.key), param(after.id)];
      page = `WHERE m."rank" < ${afterRank}::float8 OR (m."rank" = ${afterRank}::float8 AND m."id" > ${afterId}::uuid)`;
    }
    const sql = `SELECT * FROM (SELECT ${selected}${rank} FROM "companies"."company" company WHERE ${where.join(' AND ')}) m ${page}
             ORDER BY m."rank" DESC, m."id" ASC LIMIT ${param(size + 1)}`;
    return { sql, params };
  }
  if (after) where.push(`(company."name", company."id") > (${param(after.key)}, ${param(after.id)}::uuid)`);
  const sql = `SELECT ${selected} FROM "companies"."company" company WHERE ${where.join(' AND ')} ORDER BY company."name" ASC, company."id" ASC LIMIT ${param(size + 1)}`;
  return { sql, params };
}

/**
 * `59140` exactly, `59` or `591` as a prefix, `2A`/`2B` as a département (Corsican postal codes all
 * start with 20). Each value names `postal_prefix` (its first two digits), which the search's GIN
 * index holds next to the words.
 */
function postalCondition(values: string[], param: (value: unknown) => string): string {
  const any = values.map((value) => {
    // Also naming the prefix 20 lets the GIN index narrow `q` to Corsica.
    if (!/^\d+$/.test(value)) return `(company."postal_prefix" = '20' AND company."department" = ${param(value)})`;
    const prefix = `company."postal_prefix" = ${param(value.slice(0, 2))}::bpchar`;
    if (value.length === 2) return prefix;
    return `(${prefix} AND company."postal_code" ${value.length === 5 ? `= ${param(value)}::bpchar` : `LIKE ${param(`${value}%`)}`})`;
  });
  return any.length === 1 ? any[0]! : `(${any.join(' OR ')})`;
}
