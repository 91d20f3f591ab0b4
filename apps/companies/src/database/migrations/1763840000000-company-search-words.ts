import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `q` through a vocabulary (issue 3, point 8): the trigram GIN index on the whole normalised name read
 * the huge posting lists of a common word's trigrams ("boulangerie": 13 % of companies) on every
 * search. Now each query word is first matched, typos tolerated, against the few distinct words
 * companies use (`search_word`, a small trigram index), and companies are found by those exact words
 * through a GIN index on the words of their name, next to the postal code's first two digits: GIN
 * intersects the short posting lists with the long ones cheaply. The same trigram test as before
 * (`word <% …`), one word at a time; the rank still reads the whole name.
 */
export class CompanySearchWords1763840000000 implements MigrationInterface {
  name = 'CompanySearchWords1763840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Split on spaces only: what is left inside a word ("auto-ecole", "l'atelier") is split again by
    // pg_trgm when a query word is compared with it. Not STRICT, so that it inlines into the index
    // expression and the queries; C functions only: cheap on every written row.
    await queryRunner.query(`
      CREATE FUNCTION "companies"."search_words"(value text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT array_remove(string_to_array(value, ' '), '') $$`);

    // Every word the organisation's companies' search names ever held: one organisation's words never
    // shape another's search. Not kept up when a company is renamed or deleted (that would cost a
    // lookup per word on every write): a word no company holds any more finds nothing, and the
    // pruning (SearchVocabularyPruning) drops it later.
    await queryRunner.query(`
      CREATE TABLE "companies"."search_word" ("organization_id" uuid NOT NULL, "word" text NOT NULL,
        CONSTRAINT "search_word_pkey" PRIMARY KEY ("organization_id", "word"))`);
    await queryRunner.query(`CREATE INDEX "search_word_trgm_idx" ON "companies"."search_word" USING gin ("organization_id", "word" gin_trgm_ops)`);
    await queryRunner.query(`
      INSERT INTO "companies"."search_word" ("organization_id", "word")
      SELECT DISTINCT "organization_id", unnest("companies"."search_words"("search_name")) FROM "companies"."company"`);

    // Kept in the writing transaction, once per statement (an import batch is one upsert): a company is
    // searchable by its new words as soon as it is committed. Sorted, so two transactions adding the
    // same new words wait for each other in one order instead of deadlocking.
    await queryRunner.query(`
      CREATE FUNCTION "companies"."remember_search_words"() RETURNS trigger
      LANGUAGE plpgsql
      AS $$
      BEGIN
        INSERT INTO "companies"."search_word" ("organization_id", "word")
        SELECT "organization_id", "word"
        FROM (SELECT DISTINCT "organization_id", unnest("companies"."search_words"("search_name")) AS "word" FROM "written") AS w
        ORDER BY "organization_id", "word"
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    // A trigger with a transition table takes one event and no column list: one for each event.
    for (const event of ['INSERT', 'UPDATE']) {
      await queryRunner.query(`
        CREATE TRIGGER "company_search_words_${event.toLowerCase()}" AFTER ${event} ON "companies"."company"
        REFERENCING NEW TABLE AS "written" FOR EACH STATEMENT EXECUTE FUNCTION "companies"."remember_search_words"()`);
    }

    await queryRunner.query(`CREATE INDEX "company_search_words_idx" ON "companies"."company" USING gin ("postal_prefix", "companies"."search_words"("search_name"))`);
    // Nothing reads the trigram index any more, and it was the costliest index to keep up on import.
    await queryRunner.query(`DROP INDEX "companies"."company_search_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "company_search_idx" ON "companies"."company" USING gin ("postal_prefix", "search_name" gin_trgm_ops)`);
    await queryRunner.query(`DROP INDEX "companies"."company_search_words_idx"`);
    await queryRunner.query(`DROP TRIGGER "company_search_words_update" ON "companies"."company"`);
    await queryRunner.query(`DROP TRIGGER "company_search_words_insert" ON "companies"."company"`);
    await queryRunner.query(`DROP FUNCTION "companies"."remember_search_words"()`);
    await queryRunner.query(`DROP TABLE "companies"."search_word"`);
    await queryRunner.query(`DROP FUNCTION "companies"."search_words"(text)`);
  }
}
