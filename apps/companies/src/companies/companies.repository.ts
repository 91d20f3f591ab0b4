import { decodeCursor, hydrateRow, isUniqueViolation, pageSize, preparedQuery, toPage, ValidationFailedError, withSavepoint } from '@app/platform';
import type { Company, Page, ResolveTargets } from '@app/contracts';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg, { type Pool, type PoolClient, type PoolConfig } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { CompanyEntity } from './company.entity.js';
import { toCompany } from './company.mapper.js';
import { SearchTooCostlyError } from './companies.errors.js';
import { buildMatchesByIdQuery, buildSearchQuery, SEARCH_STATEMENT_TIMEOUT_MS, type SearchCriteria, searchFingerprint, type SearchPosition } from './company-search.js';

export type UpdateOutcome =
  | { status: 'updated'; company: CompanyEntity }
  | { status: 'not-found' }
  | { status: 'stale'; version: number }
  | { status: 'siret-taken'; existingId: string };

/** Every query is scoped by `organizationId`: another organisation's rows are never read or written. */
@Injectable()
export class CompaniesRepository implements OnApplicationShutdown {
  /** How long a search may run before PostgreSQL cancels it (a test shortens it to see the 422). */
  searchTimeoutMs = SEARCH_STATEMENT_TIMEOUT_MS;
  private findOneQuery?: string;
  private columns?: string[];
  private searches?: Pool;
  /** The statement timeout each search connection's session has now. */
  private readonly sessionTimeouts = new WeakMap<PoolClient, number>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The hottest read (every GET, and every change by a non-writer): one SQL string built once, and
   * the row hydrated like a RETURNING row, prepared once per connection. `findOneBy` rebuilt the query
   * through TypeORM's query builder on every call: a third of the service's CPU per read (bench/RESULTS.md).
   */
  async findOne(organizationId: string, id: string, tx: EntityManager = this.dataSource.manager): Promise<CompanyEntity | null> {
    const rows = await preparedQuery(tx, 'companies.company.find-one', this.findOneSql(), [organizationId, id]);
    return rows.length > 0 ? hydrateRow(tx, CompanyEntity, rows[0]) : null;
  }

  private findOneSql(): string {
    if (!this.findOneQuery) {
      const metadata = this.dataSource.getMetadata(CompanyEntity);
      const quote = (name: string) => this.dataSource.driver.escape(name);
      const table = metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName);
      const columns = metadata.columns.map((column) => quote(column.databaseName)).join(', ');
      this.findOneQuery = `SELECT ${columns} FROM ${table} WHERE ${quote('organization_id')} = $1 AND ${quote('id')} = $2 LIMIT 1`;
    }
    return this.findOneQuery;
  }

  findIdBySiret(organizationId: string, siret: string, tx: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    return tx
      .getRepository(CompanyEntity)
      .findOne({ where: { organizationId, siret }, select: { id: true } })
      .then((row) => row?.id);
  }

  /**
   * Inserts, or returns `{ existingId }` when the organisation already has this SIRET. One statement
   * settles the conflict (ON CONFLICT DO NOTHING waits for a concurrent insert of the same SIRET to
   * end instead of failing the transaction), and the holder is then read in the same transaction: a
   * loser never asks the pool for a second connection while it holds one (a burst of duplicates
   * used to drain the pool that way).
   */
  async insert(tx: EntityManager, organizationId: string, columns: Partial<CompanyEntity>): Promise<CompanyEntity | { existingId: string }> {
    const result = await tx
      .getRepository(CompanyEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...columns, organizationId })
      .orIgnore()
      .returning('*')
      .execute();
    if (result.raw.length > 0) return hydrateRow(tx, CompanyEntity, result.raw[0]);
    // READ COMMITTED: this statement's snapshot sees the row the conflicting transaction committed.
    const existingId = columns.siret ? await this.findIdBySiret(organizationId, columns.siret, tx) : undefined;
    if (!existingId) throw new Error('Company insert ignored without a SIRET holder');
    return { existingId };
  }

  /**
   * Applies `columns` only when the row is still at `expectedVersion`: the check is in
   * the UPDATE's WHERE clause, so two concurrent changes cannot both win.
   */
  async update(
    tx: EntityManager,
    organizationId: string,
    id: string,
    columns: Partial<CompanyEntity>,
    expectedVersion: number,
  ): Promise<UpdateOutcome> {
    const query = tx
      .getRepository(CompanyEntity)
      .createQueryBuilder()
      .update()
      .set({ ...columns, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND organization_id = :organizationId', { id, organizationId });
    query.andWhere('version = :expectedVersion', { expectedVersion });
    let result;
    try {
      // A savepoint: a SIRET conflict then leaves the transaction usable to read the holder on the
      // same connection, instead of a second pooled one.
      result = await withSavepoint(tx, () => query.returning('*').execute());
    } catch (error) {
      if (columns.siret && isUniqueViolation(error, 'company_organization_id_siret_key')) {
        return { status: 'siret-taken', existingId: (await this.findIdBySiret(organizationId, columns.siret, tx)) ?? '' };
      }
      throw error;
    }
    if (result.raw.length > 0) return { status: 'updated', company: hydrateRow(tx, CompanyEntity, result.raw[0]) };
    const current = await this.findOne(organizationId, id, tx);
    return current ? { status: 'stale', version: current.version } : { status: 'not-found' };
  }

  /** Sets doNotCall on a company that does not have it yet (one more version); null when there is nothing to change. */
  async markDoNotCall(tx: EntityManager, organizationId: string, id: string): Promise<CompanyEntity | null> {
    const result = await tx
      .getRepository(CompanyEntity)
      .createQueryBuilder()
      .update()
      .set({ doNotCall: true, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND organization_id = :organizationId AND do_not_call = false', { id, organizationId })
      .returning('*')
      .execute();
    return result.raw.length > 0 ? hydrateRow(tx, CompanyEntity, result.raw[0]) : null;
  }

  async delete(tx: EntityManager, organizationId: string, id: string): Promise<boolean> {
    const result = await tx.getRepository(CompanyEntity).delete({ organizationId, id });
    return (result.affected ?? 0) > 0;
  }

  /** One page of the organisation's companies matching `criteria`: see buildSearchQuery for what matches and in which order. */
  async search(organizationId: string, criteria: SearchCriteria, limit: number | undefined, cursor: string | undefined): Promise<Page<Company>> {
    const size = pageSize(limit);
    const fingerprint = searchFingerprint(criteria);
    const after = cursor ? decodeSearchCursor(cursor, criteria.q !== undefined, fingerprint) : undefined;
    const query = buildSearchQuery(organizationId, criteria, this.columnNames(), size, after);
    // Nothing to look for (`q=!!!`): nothing matches.
    if (!query) return { items: [], nextCursor: null };
    const rows = await this.boundedQuery(query);
    const manager = this.dataSource.manager;
    const entities = rows.map((row) => ({ entity: hydrateRow(manager, CompanyEntity, row), rank: row.rank as number | null | undefined }));
    // With q, a row's rank (null when there were too many matches to rank); without, its name.
    return toPage(entities, size, ({ entity }) => toCompany(entity), ({ entity, rank }) => [criteria.q !== undefined ? (rank ?? null) : entity.name, entity.id, fingerprint]);
  }

  /**
   * One keyset page (id order) of the companies a campaign may target: those of `companyIds` in the
   * organisation, or every match of `criteria` after `afterId`.
   */
  async resolveTargets(
    organizationId: string,
    selection: { companyIds: string[] } | { criteria: SearchCriteria },
    size: number,
    afterId: string | undefined,
  ): Promise<ResolveTargets.Response> {
    let rows: Record<string, unknown>[];
    if ('companyIds' in selection) {
      rows = await this.dataSource.query(
        `SELECT "id", "hiring_potential", "do_not_call" FROM "companies"."company"
         WHERE "organization_id" = $1 AND "id" = ANY ($2::uuid[]) AND ($3::uuid IS NULL OR "id" > $3::uuid) ORDER BY "id" LIMIT $4`,
        [organizationId, selection.companyIds, afterId ?? null, size + 1],
      );
    } else {
      const query = buildMatchesByIdQuery(organizationId, selection.criteria, size, afterId);
      rows = query ? await this.boundedQuery(query) : [];
    }
    const hasMore = rows.length > size;
    const items = rows.slice(0, size).map((row) => ({
      id: row.id as string,
      hiringPotential: (row.hiring_potential as number | null) ?? null,
      doNotCall: row.do_not_call as boolean,
    }));
    return { items, nextAfter: hasMore ? items.at(-1)!.id : null };
  }

  /**
   * Runs a search's SQL under the search statement timeout: a cancelled one answers 422 (SearchTooCostlyError).
   * On a pool of its own whose connections carry that timeout for their whole session (set when they
   * connect): the search is one statement, one round trip, where a transaction around a SET LOCAL took
   * four (BEGIN, SET LOCAL, the query, COMMIT), a third of the API's time over the SQL's own (issue 12).
   * Only searches use these connections, so no other statement ever runs under their timeout.
   */
  private async boundedQuery(query: { sql: string; params: unknown[] }): Promise<Record<string, unknown>[]> {
    const timeoutMs = Math.max(1, Math.round(this.searchTimeoutMs));
    const client = await this.searchPool(timeoutMs).connect();
    try {
      // A connection made under another timeout (a test changes it) takes the current one first.
      if (this.sessionTimeouts.get(client) !== timeoutMs) {
        await client.query(`SET statement_timeout = ${timeoutMs}`);
        this.sessionTimeouts.set(client, timeoutMs);
      }
      const rows = (await client.query<Record<string, unknown>>(query.sql, query.params)).rows;
      client.release();
      return rows;
    } catch (error) {
      // A cancelled statement leaves a sound connection; anything else may not have.
      const cancelled = (error as { code?: string }).code === QUERY_CANCELED;
      client.release(cancelled ? undefined : (error as Error));
      if (cancelled) throw new SearchTooCostlyError();
      throw error;
    }
  }

  /** The searches' own connections: the main pool's settings, and the statement timeout in every session's start-up. */
  private searchPool(timeoutMs: number): Pool {
    if (!this.searches) {
      const main = (this.dataSource.driver as PostgresDriver).master as Pool & { options: PoolConfig };
      // At most a few: searches are CPU-bound in PostgreSQL, and these come on top of the main pool's.
      this.searches = new pg.Pool({ ...main.options, max: Math.min(main.options.max ?? SEARCH_POOL_MAX, SEARCH_POOL_MAX), statement_timeout: timeoutMs });
      this.searches.on('connect', (client) => this.sessionTimeouts.set(client, timeoutMs));
      // An idle connection that breaks is dropped by the pool; nothing waits on it.
      this.searches.on('error', () => undefined);
    }
    return this.searches;
  }

  async onApplicationShutdown(): Promise<void> {
    const searches = this.searches;
    this.searches = undefined;
    await searches?.end();
  }

  private columnNames(): string[] {
    if (!this.columns) {
      const quote = (name: string) => this.dataSource.driver.escape(name);
      this.columns = this.dataSource.getMetadata(CompanyEntity).columns.map((column) => quote(column.databaseName));
    }
    return this.columns;
  }
}

/** Most connections the searches hold at once, beside the main pool's. */
const SEARCH_POOL_MAX = 4;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL's SQLSTATE for a statement cancelled, by statement_timeout here. */
const QUERY_CANCELED = '57014';

/** [rank or null (with q) or name (without), id, fingerprint of the search]: anything else is a cursor this search never gave out. */
function decodeSearchCursor(cursor: string, withQuery: boolean, fingerprint: string): SearchPosition {
  const [key, id, issuedFor] = decodeCursor(cursor, 3);
  const keyFits = withQuery ? key === null || typeof key === 'number' : typeof key === 'string';
  if (!keyFits || typeof id !== 'string' || !UUID.test(id) || issuedFor !== fingerprint) {
    throw new ValidationFailedError([{ field: 'cursor', code: 'invalidCursor', message: 'cursor does not belong to this search: start again from the first page' }]);
  }
  return { key: key ?? null, id };
}
