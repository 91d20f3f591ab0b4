import { CALL_OUTCOMES, type CampaignFigures, OFFER_CONTRACT_TYPES } from '@app/contracts';
import type { FigureRows } from './dashboards.repository.js';

/** The rows of many campaigns, grouped by campaign once: assembling a page stays linear. */
export function groupFigureRows(rows: FigureRows): (campaignId: string) => FigureRows {
  const byCampaign = new Map<string, FigureRows>();
  const of = (campaignId: string): FigureRows => {
    let group = byCampaign.get(campaignId);
    if (!group) byCampaign.set(campaignId, (group = { rollups: [], counts: [], callers: [], days: [], callbacks: [] }));
    return group;
  };
  for (const key of Object.keys(rows) as (keyof FigureRows)[]) {
    for (const row of rows[key]) (of(row.campaign_id)[key] as (typeof row)[]).push(row);
  }
  return of;
}

/** The figures of a campaign with this goal from its rows; every count a campaign has no row for yet is 0. */
export function toFigures(goal: number | null, rows: FigureRows): CampaignFigures {
  const rollup = rows.rollups[0];
  const counted = (dimension: string, keys: readonly string[]) => {
    const counts = Object.fromEntries(keys.map((key) => [key, 0]));
    for (const row of rows.counts) if (row.dimension === dimension && row.key in counts) counts[row.key] = row.n;
    return counts;
  };
  const contacted = rollup?.contacted ?? 0;
  const callbacks = rows.callbacks[0];
  return {
    targets: rollup?.targets ?? 0,
    contacted,
    reached: rollup?.reached ?? 0,
    calls: rollup?.calls ?? 0,
    outcomes: counted('outcome', CALL_OUTCOMES) as CampaignFigures['outcomes'],
    offers: { total: rollup?.offers ?? 0, byContractType: counted('contract_type', OFFER_CONTRACT_TYPES) as CampaignFigures['offers']['byContractType'] },
    callbacksDue: callbacks?.due ?? 0,
    callbacksOverdue: callbacks?.overdue ?? 0,
    goal: { companiesToContact: goal, progress: goal ? Math.round((contacted / goal) * 10_000) / 10_000 : null },
    // The gateway, which owns the members' names, fills them in.
    byCaller: rows.callers.map((row) => ({ callerId: row.caller_id, name: null, calls: row.calls, reached: row.reached })),
    byDay: rows.days.map((row) => ({ date: row.date, calls: row.calls, reached: row.reached })),
  };
}
