import type { ChangedCompany, ImportedCompany } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CompanySummaryEntity } from './company-summary.entity.js';

/** A company as `company_summary` keeps it, whichever event told it. */
type SummaryRow = {
  id: string;
  name: string;
  naf_code: string | null;
  naf_label: string | null;
  size_band: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  phone: string | null;
  hiring_potential: number | null;
  do_not_call: boolean;
  version: number;
};

const toRow = (company: ChangedCompany | ImportedCompany): SummaryRow => ({
  id: company.id,
  name: company.name,
  naf_code: company.nafCode,
  naf_label: company.nafLabel ?? null,
  size_band: company.sizeBand ?? null,
  address_line: company.address.line ?? null,
  postal_code: company.address.postalCode,
  city: company.address.city,
  phone: company.phone,
  hiring_potential: company.hiringPotential,
  do_not_call: company.doNotCall,
  version: company.version,
});

/**
 * `campaigns.company_summary`: what the call queue knows of each company, from the companies
 * service's events. Every statement is scoped by `organizationId`.
 */
@Injectable()
export class CompanySummaryRepository {
  /**
   * Records companies of one organisation (one, or an import's batch of up to 500, in one statement).
   * A late, older event never overwrites a newer state: a row changes only for a higher version. A
   * company that is (now) doNotCall leaves every campaign's queue of its organisation at once: its
   * targets still to call, or claimed, become `excluded` and lose their claim.
   */
  async upsert(tx: EntityManager, organizationId: string, companies: (ChangedCompany | ImportedCompany)[]): Promise<void> {
    if (companies.length === 0) return;
    await tx.query(
      `WITH "written" AS (
         INSERT INTO "campaigns"."company_summary"
           ("id", "organization_id", "name", "naf_code", "naf_label", "size_band", "address_line", "postal_code", "city", "phone", "hiring_potential", "do_not_call", "version")
         SELECT c."id", $2::uuid, c."name", c."naf_code", c."naf_label", c."size_band", c."address_line", c."postal_code", c."city", c."phone",
           c."hiring_potential", c."do_not_call", c."version"
         FROM jsonb_to_recordset($1::jsonb) AS c("id" uuid, "name" text, "naf_code" text, "naf_label" text, "size_band" text, "address_line" text,
           "postal_code" text, "city" text, "phone" text, "hiring_potential" smallint, "do_not_call" boolean, "version" integer)
         ON CONFLICT ("id") DO UPDATE SET
           "name" = EXCLUDED."name", "naf_code" = EXCLUDED."naf_code", "naf_label" = EXCLUDED."naf_label", "size_band" = EXCLUDED."size_band",
           "address_line" = EXCLUDED."address_line", "postal_code" = EXCLUDED."postal_code", "city" = EXCLUDED."city", "phone" = EXCLUDED."phone",
           "hiring_potential" = EXCLUDED."hiring_potential", "do_not_call" = EXCLUDED."do_not_call", "version" = EXCLUDED."version", "updated_at" = now()
         WHERE "company_summary"."version" < EXCLUDED."version" AND "company_summary"."organization_id" = EXCLUDED."organization_id"
         RETURNING "id", "do_not_call"
       )
       UPDATE "campaigns"."target" t
       SET "status" = 'excluded', "claim_id" = NULL, "claimed_by" = NULL, "claim_expires_at" = NULL, "updated_at" = now()
       FROM "written" w
       WHERE w."do_not_call" AND t."organization_id" = $2 AND t."company_id" = w."id" AND t."status" IN ('pending', 'callback', 'claimed')`,
      [JSON.stringify(companies.map(toRow)), organizationId],
    );
  }

  async delete(tx: EntityManager, organizationId: string, id: string): Promise<void> {
    await tx.getRepository(CompanySummaryEntity).delete({ id, organizationId });
  }
}
