import { countOf, Pruning } from '@app/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** No company of the organisation holds the word any more (renamed, deleted). */
const UNUSED = `NOT EXISTS (SELECT 1 FROM "companies"."company" c
  WHERE c."organization_id" = w."organization_id" AND "companies"."search_words"(c."search_name") @> ARRAY[w."word"])`;

/**
 * Drops the words of the search vocabulary (`companies.search_word`) that no company of their
 * organisation uses any more: a deleted sole trader's name does not stay searchable as a word.
 *
 * The writers' trigger adds a word only when it is missing (ON CONFLICT DO NOTHING), so a word
 * could be deleted while a transaction that relies on it has not committed yet. The deletion
 * therefore takes a SHARE lock on the vocabulary, which waits for writers in flight (their trigger
 * holds ROW EXCLUSIVE until they commit) and holds new ones for one short batch; it gives up after a
 * second rather than queue writers behind a long import (the next pass tries again). Candidates are
 * found first without the lock, then checked again under it.
 */
@Injectable()
export class SearchVocabularyPruning implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pruning: Pruning,
  ) {}

  onModuleInit(): void {
    this.pruning.add({ name: 'search-words', pruneBatch: (limit) => this.pruneBatch(limit) });
  }

  async pruneBatch(limit: number): Promise<number> {
    const candidates: { organization_id: string; word: string }[] = await this.dataSource.query(
      `SELECT w."organization_id", w."word" FROM "companies"."search_word" w WHERE ${UNUSED} LIMIT $1`,
      [limit],
    );
    if (candidates.length === 0) return 0;
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '1s'`);
      await tx.query(`LOCK TABLE "companies"."search_word" IN SHARE MODE`);
      return countOf(
        await tx.query(
          `WITH "deleted" AS (
             DELETE FROM "companies"."search_word" w
             WHERE (w."organization_id", w."word") IN (SELECT * FROM unnest($1::uuid[], $2::text[])) AND ${UNUSED}
             RETURNING 1
           ) SELECT count(*)::int AS "count" FROM "deleted"`,
          [candidates.map((row) => row.organization_id), candidates.map((row) => row.word)],
        ),
      );
    });
  }
}
