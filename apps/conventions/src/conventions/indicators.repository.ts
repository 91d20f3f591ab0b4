import type { CallLoggedPayload, IndicatorChanges, IndicatorFields, IndicatorMetric } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface IndicatorRow {
  id: string;
  convention_id: string;
  axis_code: string | null;
  label: string;
  metric: IndicatorMetric;
  target: number;
  campaign_ids: string[];
  value: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** An indicator's value at the end of a period and how much it moved within it. */
export interface IndicatorAtPeriodEnd extends IndicatorRow {
  value_at_end: number;
  change_in_period: number;
}

const COLUMNS = `"id", "convention_id", "axis_code", "label", "metric", "target", "campaign_ids", "value", "created_at", "updated_at", "version"`;
/** Today in Europe/Paris: the day a change counts for. */
const PARIS_TODAY = `(now() AT TIME ZONE 'Europe/Paris')::date`;

/**
 * `conventions.indicator` and its daily counters `indicator_day`. Every change of a value writes
 * both: the running total on the row (what progress reads) and the day's delta (what a report of any
 * past period sums). Callers have checked that the reader is a party of `conventionId`.
 */
@Injectable()
export class IndicatorsRepository {
  async insert(tx: EntityManager, conventionId: string, fields: IndicatorFields): Promise<IndicatorRow> {
    const [row] = await tx.query(
      `INSERT INTO "conventions"."indicator" ("convention_id", "axis_code", "label", "metric", "target", "campaign_ids")
       VALUES ($1, $2, $3, $4, $5, $6::uuid[]) RETURNING ${COLUMNS}`,
      [conventionId, fields.axisCode ?? null, fields.label, fields.metric, fields.target, [...new Set(fields.campaignIds ?? [])]],
    );
    return row as IndicatorRow;
  }

  /** The indicator, its row locked until the transaction ends (a manual value is read then moved). */
  async findForUpdate(tx: EntityManager, conventionId: string, id: string): Promise<IndicatorRow | null> {
    const rows: IndicatorRow[] = await tx.query(`SELECT ${COLUMNS} FROM "conventions"."indicator" WHERE "convention_id" = $1 AND "id" = $2 FOR UPDATE`, [conventionId, id]);
    return rows[0] ?? null;
  }

  /** Applies label, target and value; a new value also records its difference on today's counter. */
  async update(tx: EntityManager, current: IndicatorRow, changes: IndicatorChanges): Promise<IndicatorRow> {
    const [rows] = await tx.query(
      `UPDATE "conventions"."indicator" SET "label" = coalesce($2, "label"), "target" = coalesce($3, "target"), "value" = coalesce($4, "value"),
         "version" = "version" + 1, "updated_at" = now()
       WHERE "id" = $1 RETURNING ${COLUMNS}`,
      [current.id, changes.label ?? null, changes.target ?? null, changes.value ?? null],
    );
    const delta = changes.value === undefined ? 0 : changes.value - current.value;
    if (delta !== 0) await this.addToToday(tx, current.id, delta);
    return (rows as IndicatorRow[])[0];
  }

  list(tx: EntityManager, conventionId: string): Promise<IndicatorRow[]> {
    return tx.query(`SELECT ${COLUMNS} FROM "conventions"."indicator" WHERE "convention_id" = $1 ORDER BY "created_at", "id"`, [conventionId]);
  }

  /** Each indicator of the convention with its value at the end of `to` (included) and its change from `from` to `to`. */
  atPeriodEnd(tx: EntityManager, conventionId: string, from: string, to: string): Promise<IndicatorAtPeriodEnd[]> {
    return tx.query(
      `SELECT ${COLUMNS.replace(/"(\w+)"/g, 'i."$1"')},
         coalesce((SELECT sum(d."delta") FROM "conventions"."indicator_day" d WHERE d."indicator_id" = i."id" AND d."day" <= $3::date), 0)::int AS "value_at_end",
         coalesce((SELECT sum(d."delta") FROM "conventions"."indicator_day" d WHERE d."indicator_id" = i."id" AND d."day" BETWEEN $2::date AND $3::date), 0)::int AS "change_in_period"
       FROM "conventions"."indicator" i WHERE i."convention_id" = $1 ORDER BY i."created_at", i."id"`,
      [conventionId, from, to],
    );
  }

  /**
   * What one logged call adds to the indicators of its convention that follow its campaign (all the
   * convention's campaigns when `campaign_ids` is empty), in one statement: the running totals and
   * the counters of the call's day (Europe/Paris). Only when the campaign's organisation is a party
   * of the convention, and only for indicators that existed when the call was made: an indicator
   * counts from the moment it is added, however late the event arrives.
   */
  async countCall(tx: EntityManager, call: CallLoggedPayload): Promise<void> {
    if (!call.conventionId) return;
    const offers = call.offers.length;
    const apprenticeships = call.offers.filter((offer) => offer.contractType === 'apprenticeship').length;
    await tx.query(
      `WITH "counted" AS (
         SELECT i."id", CASE i."metric"
             WHEN 'companies_contacted' THEN $4::int WHEN 'companies_reached' THEN $5::int WHEN 'calls_logged' THEN 1
             WHEN 'meetings' THEN $6::int WHEN 'offers_detected' THEN $7::int WHEN 'apprenticeship_offers' THEN $8::int ELSE 0 END AS "delta"
         FROM "conventions"."indicator" i
         WHERE i."convention_id" = $1 AND i."metric" <> 'manual' AND i."created_at" <= $9::timestamptz
           AND (cardinality(i."campaign_ids") = 0 OR $2::uuid = ANY (i."campaign_ids"))
           AND EXISTS (SELECT 1 FROM "conventions"."party" p WHERE p."convention_id" = $1 AND p."organization_id" = $3)
       ),
       "moved" AS (
         UPDATE "conventions"."indicator" i SET "value" = i."value" + c."delta" FROM "counted" c WHERE i."id" = c."id" AND c."delta" > 0
         RETURNING i."id", c."delta"
       )
       INSERT INTO "conventions"."indicator_day" ("indicator_id", "day", "delta")
       SELECT "id", ($9::timestamptz AT TIME ZONE 'Europe/Paris')::date, "delta" FROM "moved"
       ON CONFLICT ("indicator_id", "day") DO UPDATE SET "delta" = "indicator_day"."delta" + EXCLUDED."delta"`,
      [
        call.conventionId,
        call.campaignId,
        call.organizationId,
        Number(call.firstContact),
        Number(call.firstReach),
        Number(call.outcome === 'meeting'),
        offers,
        apprenticeships,
        call.calledAt,
      ],
    );
  }

  private async addToToday(tx: EntityManager, id: string, delta: number): Promise<void> {
    await tx.query(
      `INSERT INTO "conventions"."indicator_day" ("indicator_id", "day", "delta") VALUES ($1, ${PARIS_TODAY}, $2)
       ON CONFLICT ("indicator_id", "day") DO UPDATE SET "delta" = "indicator_day"."delta" + EXCLUDED."delta"`,
      [id, delta],
    );
  }
}
