import { DASHBOARD_DAYS, DASHBOARD_MAX_CALLERS } from '@app/contracts';
import { preparedQuery } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RollupRow {
  campaign_id: string;
  targets: number;
  contacted: number;
  reached: number;
  calls: number;
  offers: number;
}
export interface CountRow {
  campaign_id: string;
  dimension: string;
  key: string;
  n: number;
}
export interface CallerRow {
  campaign_id: string;
  caller_id: string;
  calls: number;
  reached: number;
}
export interface DayRow {
  campaign_id: string;
  date: string;
  calls: number;
  reached: number;
}
export interface CallbackRow {
  campaign_id: string;
  due: number;
  overdue: number;
}

/** Everything the figures of some campaigns are made of: a few rows per campaign whatever the number of calls. */
export interface FigureRows {
  rollups: RollupRow[];
  counts: CountRow[];
  callers: CallerRow[];
  days: DayRow[];
  callbacks: CallbackRow[];
}

/** The day dashboards count in: the rollups' days are Europe/Paris days. */
const TODAY = `(now() AT TIME ZONE 'Europe/Paris')::date`;
const CREATED_DAY = `(c."created_at" AT TIME ZONE 'Europe/Paris')::date`;
// The start of tomorrow in Europe/Paris, as an instant (the day is 23 or 25 hours long on DST changes).
const TOMORROW_STARTS = `((date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '1 day') AT TIME ZONE 'Europe/Paris')`;

/**
 * Reads the rollups the calls keep up to date, never the calls themselves, so that a dashboard costs
 * the same at ten calls and at a million. Each figure is one query for all the campaigns asked
 * (`= ANY($2)`), and every query is scoped by the organisation through the campaign row.
 */
@Injectable()
export class DashboardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The figure rows of these campaigns of the organisation (the one that owns them, which
   * CampaignAccess checked the caller may read): one query per rollup table, side by side.
   */
  async figureRows(organizationId: string, campaignIds: string[]): Promise<FigureRows> {
    const read = <Row>(name: string, sql: string) => preparedQuery<Row>(this.dataSource.manager, `campaigns.dashboard.${name}`, sql, [organizationId, campaignIds]);
    const [rollups, counts, callers, days, callbacks] = await Promise.all([
      read<RollupRow>('rollup', ROLLUPS_SQL),
      read<CountRow>('counts', COUNTS_SQL),
      read<CallerRow>('callers', CALLERS_SQL),
      read<DayRow>('days', DAYS_SQL),
      read<CallbackRow>('callbacks', CALLBACKS_SQL),
    ]);
    return { rollups, counts, callers, days, callbacks };
  }
}

// $1 the organisation, $2 the campaign ids. The join to the campaign row is the tenancy check.
const OF_CAMPAIGNS = `JOIN "campaigns"."campaign" c ON c."id" = r."campaign_id" AND c."organization_id" = $1 WHERE r."campaign_id" = ANY($2::uuid[])`;

const ROLLUPS_SQL = `SELECT r."campaign_id", r."targets", r."contacted", r."reached", r."calls", r."offers" FROM "campaigns"."campaign_rollup" r ${OF_CAMPAIGNS}`;

const COUNTS_SQL = `SELECT r."campaign_id", r."dimension", r."key", r."n" FROM "campaigns"."campaign_count" r ${OF_CAMPAIGNS}`;

// The busiest callers first; bounded per campaign so that the answer stays small.
const CALLERS_SQL = `
  SELECT "campaign_id", "caller_id", "calls", "reached" FROM (
    SELECT r."campaign_id", r."caller_id", r."calls", r."reached",
      row_number() OVER (PARTITION BY r."campaign_id" ORDER BY r."calls" DESC, r."caller_id") AS "rank"
    FROM "campaigns"."campaign_caller_rollup" r ${OF_CAMPAIGNS}
  ) ranked
  WHERE "rank" <= ${DASHBOARD_MAX_CALLERS}
  ORDER BY "campaign_id", "calls" DESC, "caller_id"`;

// Every day of the span, days without calls included: the last DASHBOARD_DAYS days up to today (a
// closed campaign: up to its last day of calls), never before the day the campaign was created.
const DAYS_SQL = `
  WITH span AS (
    SELECT c."id" AS "campaign_id", ${CREATED_DAY} AS "first_possible",
      CASE WHEN c."status" = 'closed'
        THEN coalesce((SELECT max(d."day") FROM "campaigns"."campaign_day_rollup" d WHERE d."campaign_id" = c."id"), ${CREATED_DAY})
        ELSE ${TODAY} END AS "last_day"
    FROM "campaigns"."campaign" c
    WHERE c."organization_id" = $1 AND c."id" = ANY($2::uuid[])
  )
  SELECT s."campaign_id", g."day"::date::text AS "date", coalesce(r."calls", 0) AS "calls", coalesce(r."reached", 0) AS "reached"
  FROM span s
  CROSS JOIN LATERAL generate_series(greatest(s."first_possible", s."last_day" - ${DASHBOARD_DAYS - 1}), s."last_day", interval '1 day') AS g("day")
  LEFT JOIN "campaigns"."campaign_day_rollup" r ON r."campaign_id" = s."campaign_id" AND r."day" = g."day"::date
  ORDER BY s."campaign_id", g."day"`;

// Callbacks not made yet and due by the end of today (target_campaign_callbacks_idx): bounded by the
// targets. Still to come today: due; past their time: overdue (as GET /me/callbacks?due=overdue says).
// The organisation is checked on the campaign row, not on each target: the count is then an index-only
// scan (35 buffers instead of 1,285 at 100,000 targets, bench/CAMPAIGNS-RESULTS.md).
const CALLBACKS_SQL = `
  SELECT t."campaign_id",
    count(*) FILTER (WHERE t."callback_at" >= now())::int AS "due",
    count(*) FILTER (WHERE t."callback_at" < now())::int AS "overdue"
  FROM "campaigns"."target" t
  JOIN "campaigns"."campaign" c ON c."id" = t."campaign_id" AND c."organization_id" = $1
  WHERE t."campaign_id" = ANY($2::uuid[])
    AND t."status" = 'callback' AND t."callback_at" < ${TOMORROW_STARTS}
  GROUP BY t."campaign_id"`;
