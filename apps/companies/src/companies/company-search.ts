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

/**
 * The last row of the previous page and its id: its rank (`q`, ranked), null (`q`, too many matches to
 * rank: by id alone) or its name (no `q`).
 */
export interface SearchPosition {
  key: number | string | null;
  id: string;
}

/** One page's SQL and its parameters ($1 is the organisation). */
export interface SearchQuery {
  sql: string;
  params: unknown[];
}

/**
 * How many matches a search ranks at most. Up to this many, the matches come by relevance; above it,
 * by id (see buildSearchQuery): ranking reads every match, so without this cap
 * one common word (`boulangerie`, 13 % of a registry) would cost a second of CPU per request.
 */
export const MAX_RANKED_MATCHES = 1000;

/**
 * How many of the organisation's companies (in id order, index entries only) a one-word search reads
 * to find out cheaply that it is broad: more than MAX_RANKED_MATCHES matches among them prove it (a
 * word in at least a tenth of the names).
 */
const DENSITY_SAMPLE = 10 * MAX_RANKED_MATCHES;

/** A search that still runs after this long is cancelled by PostgreSQL and answers 422 (SearchTooCostlyError). */
export const SEARCH_STATEMENT_TIMEOUT_MS = 2000;

/** The conditions of `criteria` (see buildSearchQuery), their parameters pushed through `param`. */
interface MatchConditions {
  /** q's words; undefined without q. */
  words?: string[];
  /** The conditions on the columns the (organization_id, id) index includes, for a table alias: built on each call. */
  indexed: (alias: string) => string[];
  /** The other conditions, on `company`. */
  others: string[];
}

function matchConditions(criteria: SearchCriteria, param: (value: unknown) => string): MatchConditions {
  const words = criteria.q === undefined ? undefined : queryWords(criteria.q);
  // q's words (one array per word, computed once, an InitPlan, then a GIN index condition) and the postal codes.
  const indexed = (alias: string): string[] => [
    ...(words ?? []).map(
      (word) =>
        `"companies"."search_words"(${alias}."search_name") && ARRAY(SELECT "word" FROM "companies"."search_word" WHERE "organization_id" = $1 AND "companies"."search_text"(${param(word)}) <% "word")`,
    ),
    ...(criteria.postalCodes ? [postalCondition(criteria.postalCodes, param, alias)] : []),
  ];
  const others: string[] = [];
  // One LIKE per value rather than LIKE ANY: the planner turns only a plain LIKE 'x%' into an index range.
  if (criteria.nafPrefixes) others.push(`(${criteria.nafPrefixes.map((prefix) => `company."naf_code" LIKE ${param(`${prefix}%`)}`).join(' OR ')})`);
  if (criteria.nafCodes) others.push(`company."naf_code" = ANY (${param(criteria.nafCodes)}::text[])`);
  if (criteria.cities) {
    others.push(`"companies"."place_key"(company."city") IN (SELECT "companies"."place_key"(city) FROM unnest(${param(criteria.cities)}::text[]) AS city)`);
  }
  if (criteria.sizeBands) others.push(`company."size_band" = ANY (${param(criteria.sizeBands)}::text[])`);
  if (criteria.tags) others.push(`company."tags" && ${param(criteria.tags)}::text[]`);
  if (criteria.doNotCall !== undefined) others.push(`company."do_not_call" = ${param(criteria.doNotCall)}`);
  return { words, indexed, others };
}

/**
 * The SQL of one page of the organisation's companies matching `criteria` (`size` rows, plus one to
 * tell whether another page follows); `columns` are the company columns to return, quoted. Undefined
 * when `q` holds no word: nothing matches. Pure, so that scripts/bench-registry.mjs runs the very SQL
 * the service runs.
 *
 * With `q`: each word of it expands into the vocabulary words it is a trigram match for (`<%`, typos
 * tolerated; the small trigram index of the organisation's `companies.search_word`), and a company must hold one of
 * them for every word (the GIN index on its words and postal prefix). Then the cost is bounded whatever
 * the query, by one rule decided on the first page:
 * - at most MAX_RANKED_MATCHES matches (at most MAX_RANKED_MATCHES + 1 candidates are fetched to know,
 *   after a cheaper sample for one word alone: see below): they are ranked by the mean of
 *   word_similarity and similarity between the whole query and the stored normalised name + trade
 *   name, then by id. At most that many rows are ranked.
 * - more: the search is too broad for a ranking to help, and the matches come by id (random: in no
 *   meaningful order), read in that order from the (organization_id, id) index until the page is full.
 *   Ids are random, so the matches are spread evenly along it: about (the organisation's companies /
 *   the matches) index entries are read per row returned, at most the organisation's companies /
 *   MAX_RANKED_MATCHES. Each row returned carries `rank` null.
 * The cursor holds the last row's rank (or null) and id, and the next pages keep the first page's rule,
 * so that a walk returns each match exactly once even when ranks tie. A
 * ranked walk's next pages rank every match again (there were few; SEARCH_STATEMENT_TIMEOUT_MS bounds
 * the rare walk whose matches multiplied meanwhile).
 * Without `q`: by name, then id.
 */
export function buildSearchQuery(organizationId: string, criteria: SearchCriteria, columns: string[], size: number, after?: SearchPosition): SearchQuery | undefined {
  const params: unknown[] = [organizationId];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const { words, indexed, others } = matchConditions(criteria, param);
  if (words?.length === 0) return undefined;

  const organization = `company."organization_id" = $1`;
  // Every condition on `company`; built when a branch needs it, so that the statement holds only the parameters it uses.
  const where = (): string => [organization, ...indexed('company'), ...others].join(' AND ');
  const selected = columns.map((column) => `company.${column}`).join(', ');
  const byName = (): string => {
    const conditions = [where()];
    if (typeof after?.key === 'string') conditions.push(`(company."name", company."id") > (${param(after.key)}, ${param(after.id)}::uuid)`);
    return `SELECT ${selected} FROM "companies"."company" company WHERE ${conditions.join(' AND ')} ORDER BY company."name" ASC, company."id" ASC LIMIT ${param(size + 1)}`;
  };
  if (!words) return { sql: byName(), params };

  const rank = (row: string): string => {
    const query = `"companies"."search_text"(${param(criteria.q)})`;
    return `((word_similarity(${query}, ${row}."search_name") + similarity(${query}, ${row}."search_name")) / 2)::float8`;
  };
  // The matches in id order: `hit` walks the (organization_id, id) index in order, testing q's words and
  // the postal codes on what the index includes (no table read for a company that does not match), and
  // stops at a full page; the other filters test, one by one, the few rows that pass (LATERAL … LIMIT 1:
  // a nested loop, never a merge join that would read the table along). Those index conditions are one
  // opaque CASE, whose selectivity the planner does not guess (it would guess the words rare, and
  // collect every match from the GIN index to sort them).
  const byId = (gate: string[] = []): string => {
    const conditions = [...gate, `hit."organization_id" = $1`, `CASE WHEN ${indexed('hit').join(' AND ')} THEN true END`];
    if (after?.key === null) conditions.push(`hit."id" > ${param(after.id)}::uuid`);
    const row = `SELECT ${selected} FROM "companies"."company" company WHERE ${['company."id" = hit."id"', organization, ...others].join(' AND ')} LIMIT 1`;
    return `SELECT ${columns.map((column) => `company.${column}`).join(', ')}, NULL::float8 AS "rank" FROM "companies"."company" hit CROSS JOIN LATERAL (${row}) company
      WHERE ${conditions.join(' AND ')} ORDER BY hit."id" ASC LIMIT ${param(size + 1)}`;
  };

  if (after?.key === null) return { sql: byId(), params };
  if (typeof after?.key === 'number') {
    const [afterRank, afterId] = [param(after.key), param(after.id)];
    const sql = `SELECT * FROM (SELECT ${selected}, ${rank('company')} AS "rank" FROM "companies"."company" company WHERE ${where()}) m
             WHERE m."rank" < ${afterRank}::float8 OR (m."rank" = ${afterRank}::float8 AND m."id" > ${afterId}::uuid)
             ORDER BY m."rank" DESC, m."id" ASC LIMIT ${param(size + 1)}`;
    return { sql, params };
  }
  // The first page decides, and only the branch of its rule runs (one-time filters, evaluated lazily
  // and left to right). Two proofs that more than MAX_RANKED_MATCHES match, the cheap one first when it
  // can succeed: the first DENSITY_SAMPLE index entries in id order already hold more (one common word
  // and no filter: no GIN posting list read at all); else the GIN index gives one more candidate than
  // the cap. Either way the rule is the same: more than MAX_RANKED_MATCHES matches come by id.
  const candidates = columns.map((column) => `candidate.${column}`).join(', ');
  const many = `(SELECT count(*) FROM "candidate")`;
  const sample =
    words.length === 1 && others.length === 0 && !criteria.postalCodes
      ? `, "sample" AS MATERIALIZED (SELECT count(*) AS "matches" FROM (SELECT 1 FROM (SELECT hit."search_name" FROM "companies"."company" hit
          WHERE hit."organization_id" = $1 ORDER BY hit."id" LIMIT ${DENSITY_SAMPLE}) hit WHERE ${indexed('hit').join(' AND ')} LIMIT ${MAX_RANKED_MATCHES + 1}) found)`
      : undefined;
  const dense = sample ? `(SELECT "matches" FROM "sample") > ${MAX_RANKED_MATCHES}` : 'false';
  const sql = `WITH "candidate" AS MATERIALIZED (SELECT ${selected}, company."search_name" FROM "companies"."company" company WHERE ${where()} LIMIT ${MAX_RANKED_MATCHES + 1})${sample ?? ''}
    (SELECT ${candidates}, ${rank('candidate')} AS "rank" FROM "candidate" candidate
      WHERE NOT (${dense}) AND ${many} <= ${MAX_RANKED_MATCHES} ORDER BY "rank" DESC, candidate."id" ASC LIMIT ${param(size + 1)})
    UNION ALL
    (${byId([`(${dense} OR ${many} > ${MAX_RANKED_MATCHES})`])})`;
  return { sql, params };
}

/**
 * `59140` exactly, `59` or `591` as a prefix, `2A`/`2B` as a département (Corsican postal codes all
 * start with 20). Each value names `postal_prefix` (its first two digits), which the search's GIN
 * index holds next to the words.
 */
function postalCondition(values: string[], param: (value: unknown) => string, alias: string): string {
  const any = values.map((value) => {
    // Also naming the prefix 20 lets the GIN index narrow `q` to Corsica.
    if (!/^\d+$/.test(value)) return `(${alias}."postal_prefix" = '20' AND ${alias}."department" = ${param(value)})`;
    const prefix = `${alias}."postal_prefix" = ${param(value.slice(0, 2))}::bpchar`;
    if (value.length === 2) return prefix;
    return `(${prefix} AND ${alias}."postal_code" ${value.length === 5 ? `= ${param(value)}::bpchar` : `LIKE ${param(`${value}%`)}`})`;
  });
  return any.length === 1 ? any[0]! : `(${any.join(' OR ')})`;
}

/**
 * Every match of `criteria` (the same conditions as buildSearchQuery: the same companies match) in id
 * order, after `afterId`: `size` rows plus one to tell whether another page follows. Each row holds
 * `id`, `hiring_potential` and `do_not_call`: what a campaign's queue needs. Undefined when `q` holds
 * no word. Keyset pages on the (organization_id, id) index: a walk of any length costs the same per page.
 */
export function buildMatchesByIdQuery(organizationId: string, criteria: SearchCriteria, size: number, afterId?: string): SearchQuery | undefined {
  const params: unknown[] = [organizationId];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const { words, indexed, others } = matchConditions(criteria, param);
  if (words?.length === 0) return undefined;
  const conditions = [`company."organization_id" = $1`, ...indexed('company'), ...others];
  if (afterId) conditions.push(`company."id" > ${param(afterId)}::uuid`);
  const sql = `SELECT company."id", company."hiring_potential", company."do_not_call" FROM "companies"."company" company
    WHERE ${conditions.join(' AND ')} ORDER BY company."id" ASC LIMIT ${param(size + 1)}`;
  return { sql, params };
}
