import { CALLBACK_OWNER_HOURS, type CallbackDueFilter, type CallOutcome, CLAIM_LEASE_MINUTES, type TargetStatus } from '@app/contracts';
import { preparedQuery } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readableBySql } from '../campaigns/campaigns.repository.js';

/** A target under a claim, as the claim statement returns it. */
export interface ClaimRow {
  claimId: string;
  expiresAt: Date;
  campaignId: string;
  companyId: string;
  status: TargetStatus;
  queueTier: number;
  attempts: number;
  lastOutcome: CallOutcome | null;
  lastCalledAt: Date | null;
  callbackAt: Date | null;
}

/** What CALL_SHEET_SQL returns; the card's columns are null when the company has no summary. */
export interface CallSheetRow {
  name: string | null;
  phone: string | null;
  nafCode: string | null;
  nafLabel: string | null;
  sizeBand: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  hiringPotential: number | null;
  /** Built by json_agg: `calledAt` is the JSON text of a timestamptz. */
  lastCalls: RecentCallRow[];
  optedOutContactIds: string[];
}

export interface RecentCallRow {
  id: string;
  campaignId: string;
  campaignName: string;
  outcome: CallOutcome;
  calledAt: string;
  notes: string | null;
  callerId: string;
}

export interface MyCallbackRow {
  campaignId: string;
  campaignName: string;
  companyId: string;
  companyName: string | null;
  phone: string | null;
  callbackAt: Date;
  /** callback_at as PostgreSQL writes it (microseconds kept): the cursor's key. */
  callbackAtKey: string;
}

export interface ClaimRequest {
  organizationId: string;
  campaignId: string;
  callerId: string;
  /** The campaign's cross-campaign cooldown; 0 turns it off. */
  cooldownDays: number;
}

/** Where a page of callbacks starts: after this (callback_at, campaign, company). */
export interface CallbackPosition {
  callbackAt: string;
  campaignId: string;
  companyId: string;
}

const CLAIM_COLUMNS = `"claim_id" AS "claimId", "claim_expires_at" AS "expiresAt", "campaign_id" AS "campaignId", "company_id" AS "companyId",
  "status", "queue_tier" AS "queueTier", "attempts", "last_outcome" AS "lastOutcome", "last_called_at" AS "lastCalledAt", "callback_at" AS "callbackAt"`;

/**
 * A target leaving its claim without a call (released, or its lease expired): back to its place in
 * the queue. Its tier and key did not change while claimed, so a booked callback (tier 0) stays a
 * callback, whatever a call left in callback_at before.
 */
const BACK_TO_QUEUE = `"status" = CASE WHEN "queue_tier" = 0 THEN 'callback' ELSE 'pending' END,
  "claim_id" = NULL, "claimed_by" = NULL, "claim_expires_at" = NULL, "updated_at" = now()`;

/**
 * The claim: one statement picks the first target the caller may have, in queue order, skipping rows
 * other transactions hold (SKIP LOCKED), and writes the lease on it. What the pick skips is
 * docs/campaigns.md, "A claim": rows not yet available, callbacks in their owner's first hour,
 * companies doNotCall or not yet known here (their doNotCall is unknown), companies claimed in
 * another campaign (live or expired but not yet reaped), and companies called in another campaign
 * within the cooldown. $1 campaign, $2 organisation, $3 caller, $4 cooldown days.
 *
 * The scan walks target_queue_idx in order and stops at the first row that passes, so each check
 * must cost one index probe for that row. `OFFSET 0` keeps the claimed-company check such a probe
 * (target_claimed_company_idx): without it the planner turned it into an anti-join reading every
 * claimed row of the organisation on every claim (64 ms with 10,000 claimed, measured with pgbench).
 */
const CLAIM_NEXT_SQL = `
  UPDATE "campaigns"."target"
  SET "status" = 'claimed', "claim_id" = gen_random_uuid(), "claimed_by" = $3,
      "claim_expires_at" = now() + interval '${CLAIM_LEASE_MINUTES} minutes', "updated_at" = now()
  WHERE ("campaign_id", "company_id") = (
    SELECT q."campaign_id", q."company_id"
    FROM "campaigns"."target" q
    JOIN "campaigns"."company_summary" s ON s."id" = q."company_id" AND s."organization_id" = q."organization_id"
    WHERE q."campaign_id" = $1 AND q."organization_id" = $2 AND q."status" IN ('pending', 'callback')
      AND (q."available_at" IS NULL OR q."available_at" <= now())
      AND (q."status" <> 'callback' OR q."callback_owner_id" IS NULL OR q."callback_owner_id" = $3
           OR q."callback_at" <= now() - interval '${CALLBACK_OWNER_HOURS} hours')
      AND NOT s."do_not_call"
      AND NOT EXISTS (
        SELECT 1 FROM "campaigns"."target" o
        WHERE o."organization_id" = $2 AND o."company_id" = q."company_id" AND o."status" = 'claimed'
        OFFSET 0)
      AND ($4::int = 0 OR NOT EXISTS (
        SELECT 1 FROM "campaigns"."company_last_call" l
        WHERE l."organization_id" = $2 AND l."company_id" = q."company_id" AND l."campaign_id" <> q."campaign_id"
          AND l."last_called_at" > now() - $4::int * interval '1 day'))
    ORDER BY q."queue_tier", q."queue_key", q."company_id"
    LIMIT 1
    FOR UPDATE OF q SKIP LOCKED
  )
  RETURNING ${CLAIM_COLUMNS}`;

/**
 * The caller's live claim in the campaign, if any; and, in the same statement, their expired claim
 * there that the reaper has not reached yet goes back to the queue, so that they may claim again
 * (one claimed row per caller and campaign: target_claimed_by_idx). $1 campaign, $2 organisation, $3 caller.
 */
const HELD_CLAIM_SQL = `
  WITH "expired" AS (
    UPDATE "campaigns"."target" SET ${BACK_TO_QUEUE}
    WHERE "campaign_id" = $1 AND "organization_id" = $2 AND "claimed_by" = $3 AND "status" = 'claimed' AND "claim_expires_at" <= now()
  )
  SELECT ${CLAIM_COLUMNS} FROM "campaigns"."target"
  WHERE "campaign_id" = $1 AND "organization_id" = $2 AND "claimed_by" = $3 AND "status" = 'claimed' AND "claim_expires_at" > now()`;

/** $1 claim, $2 campaign, $3 organisation, $4 holder (null: anyone's, a manager releasing). */
const RELEASE_SQL = `
  UPDATE "campaigns"."target" SET ${BACK_TO_QUEUE}
  WHERE "claim_id" = $1 AND "campaign_id" = $2 AND "organization_id" = $3 AND "status" = 'claimed' AND ($4::uuid IS NULL OR "claimed_by" = $4::uuid)
  RETURNING "company_id"`;

/**
 * What a caller needs besides the claim, in one round trip: the company card (null columns when the
 * summary is gone since), its last calls in every campaign of the organisation that the caller's
 * organisation reads (a partner's caller: the shared ones only), newest first, and its opted-out
 * contacts. $1 organisation, $2 company, $3 how many calls, $4 the caller's organisation.
 */
const CALL_SHEET_SQL = `
  SELECT s."name", s."phone", s."naf_code" AS "nafCode", s."naf_label" AS "nafLabel", s."size_band" AS "sizeBand",
         s."address_line" AS "addressLine", s."postal_code" AS "postalCode", s."city", s."hiring_potential" AS "hiringPotential",
         (SELECT coalesce(json_agg(recent ORDER BY recent."calledAt" DESC, recent."id" DESC), '[]'::json) FROM (
            SELECT c."id", c."campaign_id" AS "campaignId", m."name" AS "campaignName", c."outcome", c."called_at" AS "calledAt",
                   c."notes", c."caller_id" AS "callerId"
            FROM "campaigns"."call" c JOIN "campaigns"."campaign" m ON m."id" = c."campaign_id"
            WHERE c."organization_id" = $1 AND c."company_id" = $2 AND ${readableBySql('m', '$4')}
            ORDER BY c."called_at" DESC, c."id" DESC
            LIMIT $3) recent) AS "lastCalls",
         (SELECT coalesce(json_agg(o."contact_id"), '[]'::json) FROM "campaigns"."contact_opt_out" o
          WHERE o."organization_id" = $1 AND o."company_id" = $2) AS "optedOutContactIds"
  FROM (SELECT 1) AS one
  LEFT JOIN "campaigns"."company_summary" s ON s."organization_id" = $1 AND s."id" = $2`;

/** The start of today and of tomorrow in Europe/Paris, as instants (callbacks are booked by people in France). */
const PARIS_TODAY = `date_trunc('day', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris'`;
const PARIS_TOMORROW = `(date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '1 day') AT TIME ZONE 'Europe/Paris'`;
const DUE_CONDITIONS: Record<CallbackDueFilter, string> = {
  overdue: `t."callback_at" < now()`,
  today: `t."callback_at" >= ${PARIS_TODAY} AND t."callback_at" < ${PARIS_TOMORROW}`,
  all: 'true',
};

/**
 * The call queue's SQL. Every query is scoped by the campaign's organisation (CampaignAccess let the
 * caller in), but the reaper's, which serves every organisation, and the caller's callbacks, scoped
 * by the campaigns the caller's organisation reads.
 */
@Injectable()
export class QueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's live claim in the campaign, if any; their expired one there goes back to the queue (HELD_CLAIM_SQL). */
  async heldClaim(tx: EntityManager, organizationId: string, campaignId: string, callerId: string): Promise<ClaimRow | null> {
    const rows = await preparedQuery<ClaimRow>(tx, 'campaigns.queue.held-claim', HELD_CLAIM_SQL, [campaignId, organizationId, callerId]);
    return rows[0] ?? null;
  }

  /** Claims the next target for the caller, or null when none may be handed out now. */
  async claimNext(tx: EntityManager, request: ClaimRequest): Promise<ClaimRow | null> {
    const rows = await preparedQuery<ClaimRow>(tx, 'campaigns.queue.claim-next', CLAIM_NEXT_SQL, [
      request.campaignId,
      request.organizationId,
      request.callerId,
      request.cooldownDays,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Releases a live (or expired, not yet reaped) claim: the holder's own, or anyone's when
   * `holderId` is null (a manager). False when there is no such claim.
   */
  async release(tx: EntityManager, organizationId: string, campaignId: string, claimId: string, holderId: string | null): Promise<boolean> {
    // Through the driver: TypeORM's query() answers an UPDATE with [rows, count], not its rows.
    const rows = await preparedQuery(tx, 'campaigns.queue.release', RELEASE_SQL, [claimId, campaignId, organizationId, holderId]);
    return rows.length > 0;
  }

  /**
   * Returns at most `limit` expired leases to the queue, of every organisation (a maintenance pass,
   * like pruning), oldest first; says how many. Rows a call is being logged on are skipped (SKIP
   * LOCKED): that call releases them itself.
   */
  async reapExpired(limit: number): Promise<number> {
    const rows: { count: number }[] = await this.dataSource.query(
      `WITH "expired" AS (
         SELECT "campaign_id", "company_id" FROM "campaigns"."target"
         WHERE "status" = 'claimed' AND "claim_expires_at" <= now()
         ORDER BY "claim_expires_at" LIMIT $1 FOR UPDATE SKIP LOCKED
       ), "reaped" AS (
         UPDATE "campaigns"."target" t SET ${BACK_TO_QUEUE}
         FROM "expired" e WHERE t."campaign_id" = e."campaign_id" AND t."company_id" = e."company_id"
         RETURNING 1
       ) SELECT count(*)::int AS "count" FROM "reaped"`,
      [limit],
    );
    return rows[0]?.count ?? 0;
  }

  /** The company card, last calls and opted-out contacts of a company claimed in a campaign of `organizationId` by a member of `readerOrganizationId` (CALL_SHEET_SQL). */
  async callSheet(organizationId: string, readerOrganizationId: string, companyId: string, lastCalls: number): Promise<CallSheetRow> {
    const rows = await preparedQuery<CallSheetRow>(this.dataSource.manager, 'campaigns.queue.call-sheet', CALL_SHEET_SQL, [organizationId, companyId, lastCalls, readerOrganizationId]);
    return rows[0]!;
  }

  /**
   * One page (`limit + 1` rows: the extra one says there is more) of the caller's callbacks, soonest
   * first, in the campaigns their organisation reads (its own and those shared with it: a partner
   * removed from the convention no longer sees its callbacks there).
   */
  myCallbacks(organizationId: string, ownerId: string, due: CallbackDueFilter, limit: number, after?: CallbackPosition): Promise<MyCallbackRow[]> {
    const params: unknown[] = [organizationId, ownerId, limit + 1];
    let start = '';
    if (after) {
      params.push(after.callbackAt, after.campaignId, after.companyId);
      start = `AND (t."callback_at", t."campaign_id", t."company_id") > ($4::timestamptz, $5::uuid, $6::uuid)`;
    }
    return this.dataSource.query(
      `SELECT t."campaign_id" AS "campaignId", m."name" AS "campaignName", t."company_id" AS "companyId", s."name" AS "companyName",
              s."phone", t."callback_at" AS "callbackAt", t."callback_at"::text AS "callbackAtKey"
       FROM "campaigns"."target" t
       JOIN "campaigns"."campaign" m ON m."id" = t."campaign_id" AND m."organization_id" = t."organization_id"
       LEFT JOIN "campaigns"."company_summary" s ON s."id" = t."company_id" AND s."organization_id" = t."organization_id"
       WHERE t."callback_owner_id" = $2 AND ${readableBySql('m', '$1')} AND t."status" = 'callback' AND m."status" <> 'closed'
         AND ${DUE_CONDITIONS[due]} ${start}
       ORDER BY t."callback_at", t."campaign_id", t."company_id"
       LIMIT $3`,
      params,
    );
  }
}
