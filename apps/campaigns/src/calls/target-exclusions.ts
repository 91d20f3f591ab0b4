import { preparedQuery } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Takes a company out of the organisation's queues: its targets still waiting (pending, callback)
 * or held (claimed: the lease is cleared, so the holder's call log answers 422) become `excluded`.
 * Done and already excluded targets keep their state. For a company that must no longer be called
 * (a `do_not_call` call, then the registry's doNotCall) and for a deleted company.
 */
@Injectable()
export class TargetExclusions {
  /** Returns how many targets left the queues; `exceptCampaignId`'s target is left to its caller. */
  async excludeCompany(tx: EntityManager, organizationId: string, companyId: string, exceptCampaignId: string | null = null): Promise<number> {
    const rows = await preparedQuery(
      tx,
      'campaigns.target.exclude-company',
      `UPDATE "campaigns"."target" SET "status" = 'excluded', "available_at" = NULL,
         "claim_id" = NULL, "claimed_by" = NULL, "claim_expires_at" = NULL, "updated_at" = now()
       WHERE "organization_id" = $1 AND "company_id" = $2 AND "status" IN ('pending', 'callback', 'claimed')
         AND ($3::uuid IS NULL OR "campaign_id" <> $3::uuid)
       RETURNING "campaign_id"`,
      [organizationId, companyId, exceptCampaignId],
    );
    return rows.length;
  }
}
