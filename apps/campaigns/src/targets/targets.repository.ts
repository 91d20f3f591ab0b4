import type { Page, Target, TargetStatus } from '@app/contracts';
import { decodeCursor, invalidCursorError, pageSize, preparedQuery, toPage } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';

/** A company to put in a campaign's queue, with the potential it is ordered by. */
export interface NewTarget {
  companyId: string;
  hiringPotential: number | null;
}

interface TargetRow {
  company_id: string;
  company_name: string | null;
  status: TargetStatus;
  attempts: number;
  last_outcome: Target['lastOutcome'];
  last_called_at: Date | null;
  callback_at: Date | null;
  added_at: Date;
}

/** Every query is scoped by the campaign's organisation. */
@Injectable()
export class TargetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Puts the companies in the queue as never-called targets (tier 1, best hiring potential first) in
   * one statement, leaving those already there untouched. Returns the number inserted (see countAdded).
   */
  async insertMany(tx: EntityManager, organizationId: string, campaignId: string, targets: NewTarget[]): Promise<number> {
    if (targets.length === 0) return 0;
    const rows: { added: number }[] = await tx.query(
      `WITH "inserted" AS (
         INSERT INTO "campaigns"."target" ("campaign_id", "company_id", "organization_id", "queue_tier", "queue_key")
         SELECT $1::uuid, t."company_id", $2::uuid, 1, -coalesce(t."hiring_potential", 0)
         FROM unnest($3::uuid[], $4::smallint[]) AS t ("company_id", "hiring_potential")
         ON CONFLICT ("campaign_id", "company_id") DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS "added" FROM "inserted"`,
      [campaignId, organizationId, targets.map((target) => target.companyId), targets.map((target) => target.hiringPotential)],
    );
    return rows[0]!.added;
  }

  /** How many of these companies the campaign already targets (what insertMany would leave untouched). */
  async countPresent(campaignId: string, companyIds: string[]): Promise<number> {
    if (companyIds.length === 0) return 0;
    const rows: { present: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS "present" FROM "campaigns"."target" WHERE "campaign_id" = $1 AND "company_id" = ANY($2::uuid[])`,
      [campaignId, companyIds],
    );
    return rows[0]!.present;
  }

  /**
   * Adds the targets inserted to the campaign's rollup: once, as the last statement of the
   * transaction, because every call logged in the campaign updates that row too and waits while it
   * is locked (a page-by-page update held it for the whole multi-second addition, and a page
   * meeting a target a call was moving could deadlock with that call).
   */
  async countAdded(tx: EntityManager, campaignId: string, added: number): Promise<void> {
    if (added === 0) return;
    await tx.query(`UPDATE "campaigns"."campaign_rollup" SET "targets" = "targets" + $2 WHERE "campaign_id" = $1`, [campaignId, added]);
  }

  /**
   * One page of a campaign's targets by company name (unknown names first, as ''), then company id:
   * a keyset walk returns each target exactly once while names stay put.
   */
  async list(
    organizationId: string,
    campaignId: string,
    status: TargetStatus | undefined,
    limit: number | undefined,
    cursor: string | undefined,
  ): Promise<Page<Target>> {
    const size = pageSize(limit);
    const params: unknown[] = [organizationId, campaignId];
    const conditions = [`t."organization_id" = $1`, `t."campaign_id" = $2`];
    if (status) conditions.push(`t."status" = $${params.push(status)}`);
    if (cursor) {
      const [name, companyId] = decodeCursor(cursor, 2);
      if (typeof name !== 'string' || typeof companyId !== 'string' || !isUUID(companyId)) throw invalidCursorError();
      conditions.push(`(coalesce(s."name", ''), t."company_id") > ($${params.push(name)}, $${params.push(companyId)}::uuid)`);
    }
    const rows: TargetRow[] = await this.dataSource.query(
      `SELECT t."company_id", s."name" AS "company_name", t."status", t."attempts", t."last_outcome", t."last_called_at", t."callback_at", t."added_at"
       FROM "campaigns"."target" t
       LEFT JOIN "campaigns"."company_summary" s ON s."id" = t."company_id" AND s."organization_id" = t."organization_id"
       WHERE ${conditions.join(' AND ')}
       ORDER BY coalesce(s."name", ''), t."company_id" LIMIT $${params.push(size + 1)}`,
      params,
    );
    return toPage(rows, size, toTarget, (row) => [row.company_name ?? '', row.company_id]);
  }

  /**
   * Takes a company out of the organisation's queues: its targets still waiting (pending, callback)
   * or held (claimed: the lease is cleared, so the holder's call answers 422) become `excluded`;
   * done and excluded ones stay. For a company that must no longer be called (a `do_not_call` call,
   * leaving `exceptCampaignId`'s target to that call) and for a deleted company. Returns how many left.
   */
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

function toTarget(row: TargetRow): Target {
  return {
    companyId: row.company_id,
    companyName: row.company_name,
    status: row.status,
    attempts: row.attempts,
    lastOutcome: row.last_outcome,
    lastCalledAt: row.last_called_at?.toISOString() ?? null,
    callbackAt: row.callback_at?.toISOString() ?? null,
    addedAt: row.added_at.toISOString(),
  };
}
