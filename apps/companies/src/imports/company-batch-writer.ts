import { CompanyImported, IMPORTED_COMPANIES_MAX, type ImportRowError } from '@app/contracts';
import { OutboxRelay, OutboxService } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';
import type { ImportJobEntity } from './import-job.entity.js';
import { IMPORTED_COMPANY_COLUMNS, importedCompanyJsonSql } from './imported-company.sql.js';
import { type BatchProgress, ImportsRepository } from './imports.repository.js';
import { STAGED_COLUMNS } from './staging.js';

/** What a batch carries from the file to the database. */
export interface Batch {
  /** COPY text (UTF-8) of the good rows, one line each. */
  copyText: Buffer;
  goodRows: number;
  skipped: number;
  rejected: number;
  /** Errors to keep (the job keeps the first 1,000). */
  errors: ImportRowError[];
  /** Data records of the file consumed once this batch is written: the resume point. */
  recordsRead: number;
}

/** At most this many companies per `imported` event (plan §2; the contract refuses more)… */
const EVENT_COMPANIES = IMPORTED_COMPANIES_MAX;
/** …and about this many bytes of them, well under NATS's 1 MB message limit whatever the rows hold. */
const EVENT_BYTES = 640 * 1024;

const q = (name: string) => `"${name}"`;

/**
 * Writes one batch in one transaction: COPY into a temporary staging table, ONE set-based upsert
 * into the job's organisation (never another's, whatever the SIRET), the `imported` events in the
 * outbox, and the job's progress. The job row is locked first and must still hold our lease, so a
 * worker that lost its lease cannot write.
 */
@Injectable()
export class CompanyBatchWriter {
  private readonly upsertSql = buildUpsertSql();

  constructor(
    private readonly jobs: ImportsRepository,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
  ) {}

  /** A session-local staging table on the job's own connection (COPY and upsert must share it). */
  async prepare(runner: QueryRunner): Promise<void> {
    const columns = STAGED_COLUMNS.map((spec) => `${q(spec.column)} ${spec.type}`).join(', ');
    await runner.query(`DROP TABLE IF EXISTS pg_temp."import_staging"`);
    await runner.query(`CREATE TEMPORARY TABLE "import_staging" ("line" integer NOT NULL, ${columns}) ON COMMIT DELETE ROWS`);
  }

  async release(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS pg_temp."import_staging"`);
  }

  /**
   * Returns false, having written nothing, when the job no longer holds `lease`. `finish` marks the
   * job done in the same transaction as its last batch.
   */
  async write(runner: QueryRunner, job: ImportJobEntity, lease: string, batch: Batch, finish: boolean): Promise<boolean> {
    await runner.startTransaction();
    try {
      // Progress commits with the rows: a commit lost in a crash only moves the resume point back.
      await runner.query(`SET LOCAL synchronous_commit = off`);
      if (!(await this.jobs.lockLeased(runner.manager, job.id, lease))) {
        await runner.rollbackTransaction();
        return false;
      }
      const progress: BatchProgress = { recordsRead: batch.recordsRead, inserted: 0, updated: 0, skipped: batch.skipped, rejected: batch.rejected, errors: batch.errors };
      if (batch.goodRows > 0) {
        await this.copy(runner, batch.copyText);
        // The events are built and written by the upsert itself: the companies never come to this process.
        const origin = { actor: { organizationId: job.organizationId }, requestId: job.requestId };
        const events = this.outbox.insertFromSql(runner.manager, CompanyImported, origin, `SELECT "payload" FROM "payloads"`, 2);
        const [written]: { inserted: string }[] = await runner.query(
          `${this.upsertSql}, "events" AS (${events.sql})
          SELECT count(*) FILTER (WHERE "inserted") AS "inserted" FROM "written"`,
          [job.organizationId, ...events.parameters],
        );
        progress.inserted = Number(written.inserted);
        // A SIRET repeated in the batch is written once (its last row); each earlier row counts as an update.
        progress.updated = batch.goodRows - progress.inserted;
      }
      await this.jobs.recordBatch(runner.manager, job.id, progress, finish);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    }
    this.relay.wakeSoon();
    return true;
  }

  private async copy(runner: QueryRunner, text: Buffer): Promise<void> {
    const client = (await runner.connect()) as PoolClient;
    const columns = ['line', ...STAGED_COLUMNS.map((spec) => spec.column)].map(q).join(', ');
    const stream = client.query(copyFrom(`COPY pg_temp."import_staging" (${columns}) FROM STDIN`));
    await pipeline(Readable.from([text]), stream);
  }
}

/**
 * The last row of each SIRET in the batch wins. An existing company of the organisation gets the
 * non-empty cells (an empty cell keeps what is stored), the new tags added to its own, version + 1;
 * `xmax = 0` tells a fresh insert from an update. The written companies are grouped into the events'
 * payloads, as JSON text built by PostgreSQL: at most 500 companies each, then cut again by size.
 * Ends with the `"payloads"` CTE (`$1` is the organisation); the caller adds the rest.
 */
function buildUpsertSql(): string {
  const staged = STAGED_COLUMNS.map((spec) => q(spec.column));
  const updates = STAGED_COLUMNS.filter((spec) => spec.column !== 'siret').map((spec) => {
    const column = q(spec.column);
    if (typeof spec.onUpdate === 'object') return `${column} = ${spec.onUpdate.sql}`;
    if (spec.onUpdate === 'replace') return `${column} = EXCLUDED.${column}`;
    if (spec.onUpdate === 'merge') return `${column} = c.${column} || ARRAY(SELECT t FROM unnest(EXCLUDED.${column}) AS t WHERE t <> ALL (c.${column}))`;
    return `${column} = COALESCE(EXCLUDED.${column}, c.${column})`;
  });
  const values = STAGED_COLUMNS.map((spec) => (spec.column === 'tags' ? `COALESCE(s."tags", '{}')` : `s.${q(spec.column)}`));
  return `
    WITH "written" AS (
      INSERT INTO "companies"."company" AS c ("organization_id", "siren", ${staged.join(', ')})
      SELECT $1, left(s."siret", 9), ${values.join(', ')}
      FROM (SELECT DISTINCT ON ("siret") * FROM pg_temp."import_staging" ORDER BY "siret", "line" DESC) AS s
      ON CONFLICT ("organization_id", "siret") DO UPDATE SET
        ${updates.join(',\n        ')},
        "version" = c."version" + 1,
        "updated_at" = now()
      RETURNING ${IMPORTED_COMPANY_COLUMNS.map((column) => `c.${q(column)}`).join(', ')}, (c.xmax = 0) AS "inserted"
    ), "numbered" AS (
      SELECT ${importedCompanyJsonSql('w')} AS "json", row_number() OVER () - 1 AS "n" FROM "written" w
    ), "sized" AS (
      SELECT *, "n" / ${EVENT_COMPANIES} AS "chunk",
        sum(octet_length("json") + 1) OVER (PARTITION BY "n" / ${EVENT_COMPANIES} ORDER BY "n") / ${EVENT_BYTES} AS "part"
      FROM "numbered"
    ), "payloads" AS (
      SELECT '{"organizationId":"' || $1 || '","companies":[' || string_agg("json", ',' ORDER BY "n") || ']}' AS "payload"
      FROM "sized" GROUP BY "chunk", "part"
    )`;
}
