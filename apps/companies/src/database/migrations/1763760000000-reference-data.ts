import type { MigrationInterface, QueryRunner } from 'typeorm';
import { referenceDataDir } from '../../reference/data-dir.js';
import { NAF_REV2, readReferenceCsv } from '../../reference/reference-tables.js';

/**
 * The shipped nomenclatures (data/README.md) as tables of the companies schema, read from the CSVs
 * with csv-parse. Each NAF code is stored with its nomenclature ('NAFRev2'): NAF 2025 replaces it on
 * 1 January 2027 and will come as new rows next to these, not as a rewrite of them.
 */
export class ReferenceData1763760000000 implements MigrationInterface {
  name = 'ReferenceData1763760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const tables = readReferenceCsv(referenceDataDir());
    await queryRunner.query(`
      CREATE TABLE "companies"."naf" (
        "nomenclature" varchar(10) NOT NULL,
        "code" varchar(6) NOT NULL,
        "label" text NOT NULL,
        CONSTRAINT "naf_pkey" PRIMARY KEY ("nomenclature", "code")
      )`);
    await queryRunner.query(`
      CREATE TABLE "companies"."size_band" (
        "code" varchar(2) NOT NULL,
        "label" text NOT NULL,
        "min_employees" integer,
        "max_employees" integer,
        CONSTRAINT "size_band_pkey" PRIMARY KEY ("code")
      )`);
    await queryRunner.query(`
      CREATE TABLE "companies"."postal_code" (
        "postal_code" char(5) NOT NULL,
        "insee_code" varchar(5) NOT NULL,
        "commune" text NOT NULL,
        "routing_label" text NOT NULL,
        "line5" text NOT NULL DEFAULT '',
        "latitude" double precision,
        "longitude" double precision,
        CONSTRAINT "postal_code_pkey" PRIMARY KEY ("postal_code", "insee_code", "routing_label", "line5")
      )`);
    await queryRunner.query(`
      CREATE TABLE "companies"."rome" (
        "code" char(5) NOT NULL,
        "label" text NOT NULL,
        CONSTRAINT "rome_pkey" PRIMARY KEY ("code")
      )`);
    await queryRunner.query(`
      CREATE TABLE "companies"."rome_naf_hiring" (
        "rome_code" char(5) NOT NULL,
        "naf_nomenclature" varchar(10) NOT NULL,
        "naf_code" varchar(6) NOT NULL,
        "hirings" integer NOT NULL,
        CONSTRAINT "rome_naf_hiring_pkey" PRIMARY KEY ("rome_code", "naf_nomenclature", "naf_code"),
        CONSTRAINT "rome_naf_hiring_rome_fkey" FOREIGN KEY ("rome_code") REFERENCES "companies"."rome" ("code"),
        CONSTRAINT "rome_naf_hiring_naf_fkey" FOREIGN KEY ("naf_nomenclature", "naf_code") REFERENCES "companies"."naf" ("nomenclature", "code"),
        CONSTRAINT "rome_naf_hiring_hirings_check" CHECK ("hirings" >= 0)
      )`);

    // One statement per table: the columns travel as arrays (39,201 postal codes in one round trip).
    await queryRunner.query(`INSERT INTO "companies"."naf" ("nomenclature", "code", "label") SELECT $1, * FROM unnest($2::text[], $3::text[])`, [
      NAF_REV2,
      tables.naf.map((row) => row.code),
      tables.naf.map((row) => row.label),
    ]);
    await queryRunner.query(
      `INSERT INTO "companies"."size_band" ("code", "label", "min_employees", "max_employees") SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])`,
      [tables.sizeBands.map((row) => row.code), tables.sizeBands.map((row) => row.label), tables.sizeBands.map((row) => row.minEmployees), tables.sizeBands.map((row) => row.maxEmployees)],
    );
    const postal = tables.postalCodes;
    await queryRunner.query(
      `INSERT INTO "companies"."postal_code" ("postal_code", "insee_code", "commune", "routing_label", "line5", "latitude", "longitude")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])`,
      [
        postal.map((row) => row.postalCode),
        postal.map((row) => row.inseeCode),
        postal.map((row) => row.commune),
        postal.map((row) => row.routingLabel),
        postal.map((row) => row.line5),
        postal.map((row) => row.latitude),
        postal.map((row) => row.longitude),
      ],
    );
    await queryRunner.query(`INSERT INTO "companies"."rome" ("code", "label") SELECT * FROM unnest($1::text[], $2::text[])`, [
      tables.rome.map((row) => row.code),
      tables.rome.map((row) => row.label),
    ]);
    await queryRunner.query(
      `INSERT INTO "companies"."rome_naf_hiring" ("rome_code", "naf_nomenclature", "naf_code", "hirings") SELECT r, $1, n, h FROM unnest($2::text[], $3::text[], $4::int[]) AS t(r, n, h)`,
      [NAF_REV2, tables.romeNafHirings.map((row) => row.romeCode), tables.romeNafHirings.map((row) => row.nafCode), tables.romeNafHirings.map((row) => row.hirings)],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rome_naf_hiring', 'rome', 'postal_code', 'size_band', 'naf']) await queryRunner.query(`DROP TABLE "companies"."${table}"`);
  }
}
