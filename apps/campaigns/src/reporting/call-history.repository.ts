import type { CallOutcome, ExportedOffer, OfferContractType, OfferStatus, TimelineItemType } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * A keyset position: a timestamp as PostgreSQL prints it (microseconds kept: a JavaScript Date
 * would round them away and skip or repeat rows sharing a millisecond) and the row's id.
 */
export interface HistoryPosition {
  at: string;
  id: string;
}

export interface ExportedCallRow {
  id: string;
  called_at: Date;
  at_key: string;
  caller_id: string;
  company_id: string;
  company_name: string | null;
  contact_id: string | null;
  outcome: CallOutcome;
  notes: string | null;
  duration_seconds: number | null;
  callback_at: Date | null;
  meeting_at: Date | null;
  offers: ExportedOffer[];
}

export interface TimelineRow {
  type: TimelineItemType;
  id: string;
  at: Date;
  at_key: string;
  campaign_id: string;
  campaign_name: string;
  outcome: CallOutcome | null;
  notes: string | null;
  duration_seconds: number | null;
  contact_id: string | null;
  caller_id: string | null;
  callback_at: Date | null;
  meeting_at: Date | null;
  call_id: string | null;
  title: string | null;
  contract_type: OfferContractType | null;
  positions: number | null;
  rome_code: string | null;
  description: string | null;
  offer_status: OfferStatus | null;
}

/** Calls and offers read back in order: a campaign's export, a company's timeline. Every query is scoped by the organisation. */
@Injectable()
export class CallHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `limit + 1` calls of the campaign after `after`, oldest first (call_campaign_id_called_at_idx read
   * backwards), each with its company's name and its offers.
   */
  exportPage(organizationId: string, campaignId: string, limit: number, after: HistoryPosition | null): Promise<ExportedCallRow[]> {
    return this.dataSource.query(
      `SELECT k."id", k."called_at", k."called_at"::text AS "at_key", k."caller_id", k."company_id", s."name" AS "company_name",
         k."contact_id", k."outcome", k."notes", k."duration_seconds", k."callback_at", k."meeting_at",
         coalesce((SELECT json_agg(json_build_object('title', o."title", 'contractType', o."contract_type", 'positions', o."positions") ORDER BY o."created_at", o."id")
                   FROM "campaigns"."offer" o WHERE o."call_id" = k."id" AND o."organization_id" = $1), '[]'::json) AS "offers"
       FROM "campaigns"."call" k
       LEFT JOIN "campaigns"."company_summary" s ON s."id" = k."company_id" AND s."organization_id" = $1
       WHERE k."organization_id" = $1 AND k."campaign_id" = $2
         AND ($3::timestamptz IS NULL OR (k."called_at", k."id") > ($3::timestamptz, $4::uuid))
       ORDER BY k."called_at", k."id"
       LIMIT $5`,
      [organizationId, campaignId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
  }

  /**
   * `limit + 1` calls and offers about the company before `before`, newest first: the newest calls
   * and the newest offers are each read in order from their index, then merged.
   */
  timelinePage(organizationId: string, companyId: string, limit: number, before: HistoryPosition | null): Promise<TimelineRow[]> {
    const beforeCursor = (at: string, id: string) => `($3::timestamptz IS NULL OR (${at}, ${id}) < ($3::timestamptz, $4::uuid))`;
    return this.dataSource.query(
      `SELECT t.*, c."name" AS "campaign_name"
       FROM (
         (SELECT 'call' AS "type", k."id", k."called_at" AS "at", k."called_at"::text AS "at_key", k."campaign_id",
            k."outcome", k."notes", k."duration_seconds", k."contact_id", k."caller_id", k."callback_at", k."meeting_at",
            NULL::uuid AS "call_id", NULL::varchar AS "title", NULL::varchar AS "contract_type", NULL::integer AS "positions",
            NULL::varchar AS "rome_code", NULL::text AS "description", NULL::varchar AS "offer_status"
          FROM "campaigns"."call" k
          WHERE k."organization_id" = $1 AND k."company_id" = $2 AND ${beforeCursor('k."called_at"', 'k."id"')}
          ORDER BY k."called_at" DESC, k."id" DESC
          LIMIT $5)
         UNION ALL
         (SELECT 'offer', o."id", o."created_at", o."created_at"::text, o."campaign_id",
            NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            o."call_id", o."title", o."contract_type", o."positions", o."rome_code", o."description", o."status"
          FROM "campaigns"."offer" o
          WHERE o."organization_id" = $1 AND o."company_id" = $2 AND ${beforeCursor('o."created_at"', 'o."id"')}
          ORDER BY o."created_at" DESC, o."id" DESC
          LIMIT $5)
       ) t
       JOIN "campaigns"."campaign" c ON c."id" = t."campaign_id" AND c."organization_id" = $1
       ORDER BY t."at" DESC, t."id" DESC
       LIMIT $5`,
      [organizationId, companyId, before?.at ?? null, before?.id ?? null, limit + 1],
    );
  }
}
