import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What issue 3 adds to a company: trade name, NAF nomenclature and label, département, whether the
 * hiring potential was estimated; and the search: pg_trgm + unaccent behind IMMUTABLE wrappers of
 * this schema, a stored normalised name (name + trade name) under a GIN trigram index (with the postal
 * code's first two digits, btree_gin).
 */
export class CompanySearch1763770000000 implements MigrationInterface {
  name = 'CompanySearch1763770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Trusted extensions (PostgreSQL 13+): a database owner may create them. They are per database,
    // so they may already be there, in whichever schema: the wrappers name the schema they found.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "pg_trgm" WITH SCHEMA "public"`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "unaccent" WITH SCHEMA "public"`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "btree_gin" WITH SCHEMA "public"`);
    const [{ schema }] = (await queryRunner.query(`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'unaccent'`)) as {
      schema: string;
    }[];

    // unaccent() is only STABLE (it reads its dictionary through search_path), so it cannot feed an
    // index or a generated column; naming the dictionary explicitly makes the wrapper truly immutable.
    await queryRunner.query(`
      CREATE FUNCTION "companies"."search_text"(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(${schema}.unaccent('${schema}.unaccent'::regdictionary, value)) $$`);
    // A city as a comparison key: accents, case, punctuation and Saint/Sainte vs St/Ste (La Poste's form) ignored.
    await queryRunner.query(`
      CREATE FUNCTION "companies"."place_key"(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT regexp_replace(regexp_replace(btrim(regexp_replace("companies"."search_text"(value), '[^a-z0-9]+', ' ', 'g')), '\\msaint\\M', 'st', 'g'), '\\msainte\\M', 'ste', 'g') $$`);

    await queryRunner.query(`
      ALTER TABLE "companies"."company"
        ADD COLUMN "trade_name" varchar(200),
        ADD COLUMN "naf_nomenclature" varchar(10),
        ADD COLUMN "naf_label" text,
        ADD COLUMN "department" varchar(3),
        ADD COLUMN "hiring_potential_estimated" boolean NOT NULL DEFAULT false,
        ADD COLUMN "search_name" text GENERATED ALWAYS AS ("companies"."search_text"("name" || coalesce(' ' || "trade_name", ''))) STORED,
        ADD COLUMN "postal_prefix" char(2) GENERATED ALWAYS AS (left("postal_code", 2)) STORED`);
    // Companies stored before this migration: their NAF codes were already checked for shape only.
    await queryRunner.query(`
      UPDATE "companies"."company" c SET "naf_nomenclature" = n."nomenclature", "naf_label" = n."label"
      FROM "companies"."naf" n WHERE n."nomenclature" = 'NAFRev2' AND n."code" = c."naf_code"`);
    await queryRunner.query(`
      UPDATE "companies"."company" c SET "department" = p."department"
      FROM (
        SELECT DISTINCT ON ("postal_code") "postal_code",
          CASE WHEN left("insee_code", 2) IN ('97', '98') THEN left("insee_code", 3) ELSE left("insee_code", 2) END AS "department"
        FROM "companies"."postal_code" ORDER BY "postal_code", "insee_code"
      ) p WHERE p."postal_code" = c."postal_code"`);

    // q: trigram candidates from the GIN index, ranked on the same stored text. The postal code's first
    // two digits sit in the same GIN index (btree_gin): `q=… & postalCode=59` is then one index scan that
    // only visits the trigram postings of the Nord's companies, where a trigram-only index reads every
    // company sharing a common word ("boulangerie") in France: 17 ms instead of 45 ms on 1,000,000 rows.
    await queryRunner.query(`CREATE INDEX "company_search_idx" ON "companies"."company" USING gin ("postal_prefix", "search_name" gin_trgm_ops)`);
    // naf=47 is a prefix filter: the pattern operator class serves LIKE '47%' whatever the collation.
    await queryRunner.query(`CREATE INDEX "company_organization_id_naf_code_idx" ON "companies"."company" ("organization_id", "naf_code" varchar_pattern_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "companies"."company_organization_id_naf_code_idx"`);
    await queryRunner.query(`DROP INDEX "companies"."company_search_idx"`);
    await queryRunner.query(`
      ALTER TABLE "companies"."company"
        DROP COLUMN "postal_prefix", DROP COLUMN "search_name", DROP COLUMN "hiring_potential_estimated", DROP COLUMN "department",
        DROP COLUMN "naf_label", DROP COLUMN "naf_nomenclature", DROP COLUMN "trade_name"`);
    await queryRunner.query(`DROP FUNCTION "companies"."place_key"(text)`);
    await queryRunner.query(`DROP FUNCTION "companies"."search_text"(text)`);
  }
}
