import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search matching more companies than it ranks (MAX_RANKED_MATCHES in company-search.ts) walks the
 * organisation's companies in id order and stops at a full page. Ids are random, so the matches are
 * spread evenly along this index whatever the words (in name order they cluster: every "Boulangerie …"
 * after every "Boucherie …"). It includes what q and postalCode test, so that a company that does not
 * match costs an index entry (an index-only scan), not a read of its row.
 */
export class CompanyOrganizationIdIndex1764650000000 implements MigrationInterface {
  name = 'CompanyOrganizationIdIndex1764650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "company_organization_id_id_idx" ON "companies"."company" ("organization_id", "id") INCLUDE ("postal_prefix", "postal_code", "department", "search_name")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "companies"."company_organization_id_id_idx"`);
  }
}
