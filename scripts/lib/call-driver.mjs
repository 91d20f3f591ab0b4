// The call-logging driver of the benchmarks: what callers send (a realistic mix of outcomes), which target each
// caller calls next (a call plan over campaigns whose targets were generated in SQL), and a closed loop of
// POST /api/v1/campaigns/{id}/calls with autocannon. Used by scripts/bench-campaigns.mjs and
// scripts/bench-conventions.mjs (after prepareBenchmark, which installs autocannon).
import { randomUUID } from 'node:crypto';
import { closedLoop, summariseClosed } from './load.mjs';

/** A realistic mix of outcomes, in 100 slots (do_not_call left out: see bench/CAMPAIGNS-RESULTS.md). */
const OUTCOME_SLOTS = Object.entries({ no_answer: 38, busy: 10, wrong_number: 3, callback: 12, not_interested: 20, interested: 8, meeting: 4, offer: 5 }).flatMap(([outcome, n]) => Array(n).fill(outcome));
let callCounter = 0;

/** The body of the next call on `companyId`, following OUTCOME_SLOTS. */
export function callBody(companyId) {
  const k = callCounter++;
  const outcome = OUTCOME_SLOTS[(k * 37) % OUTCOME_SLOTS.length];
  const body = { companyId, outcome, durationSeconds: 30 + (k % 400) };
  if (k % 3 === 0) body.notes = 'Rappeler le gérant après 14 h, il recrute pour la rentrée.';
  if (outcome === 'callback') body.callbackAt = new Date(Date.now() + 86_400_000).toISOString();
  if (outcome === 'meeting') body.meetingAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  if (outcome === 'offer') body.offers = [{ title: 'Apprenti boulanger', contractType: 'apprenticeship', positions: 1, romeCode: 'D1102' }];
  return body;
}

/**
 * Callers spread over `campaignIds` (round robin); each campaign's targets (read with `db`, a pg client) dealt out
 * to its callers. `reset()` puts every target back in the queue (a call on a finished target is refused) and starts
 * each caller's list again. The targets are pending, not claimed: a caller holds one claim per campaign at most,
 * and a call needs no claim (it releases the caller's own when there is one).
 */
export async function callPlan(db, label, campaignIds, callers) {
  const plan = { label, campaignIds, callers, campaignOf: new Map(), targets: new Map(), cursor: new Map(), next: 0 };
  callers.forEach((caller, i) => plan.campaignOf.set(caller.id, campaignIds[i % campaignIds.length]));
  for (const campaignId of campaignIds) {
    const holders = callers.filter((caller) => plan.campaignOf.get(caller.id) === campaignId);
    const { rows } = await db.query('SELECT company_id FROM campaigns.target WHERE campaign_id = $1 ORDER BY company_id', [campaignId]);
    for (const holder of holders) plan.targets.set(holder.id, []);
    rows.forEach((row, i) => plan.targets.get(holders[i % holders.length].id).push(row.company_id));
  }
  plan.reset = async () => {
    await db.query(
      `UPDATE campaigns.target SET status = 'pending', claim_id = NULL, claimed_by = NULL, claim_expires_at = NULL, callback_at = NULL,
         callback_owner_id = NULL, available_at = NULL WHERE campaign_id = ANY($1)`,
      [campaignIds],
    );
    for (const caller of callers) plan.cursor.set(caller.id, 0);
    await db.query('VACUUM ANALYZE campaigns.target');
  };
  for (const caller of callers) plan.cursor.set(caller.id, 0);
  /** The next request: the next caller (round robin) logs a call on the next target it holds. */
  plan.nextCall = () => {
    const caller = callers[plan.next++ % callers.length];
    const list = plan.targets.get(caller.id);
    const index = plan.cursor.get(caller.id);
    plan.cursor.set(caller.id, index + 1);
    const campaignId = plan.campaignOf.get(caller.id);
    return {
      method: 'POST',
      path: `/api/v1/campaigns/${campaignId}/calls`,
      headers: { authorization: `Bearer ${caller.token}`, 'idempotency-key': randomUUID() },
      body: callBody(list[index % list.length]),
    };
  };
  return plan;
}

/**
 * A closed loop of call logging on `plan` through `base`: `connections` clients, each sending its next call when the
 * last one answered, for `seconds`. `track` receives the running autocannon instance (to stop it on Ctrl-C);
 * `onResponse(status)`, when given, is called as each answer arrives (the convention benchmark times acknowledgements).
 */
export async function closedCallLoop({ base, plan, seconds, connections, track, onResponse }) {
  const result = await closedLoop(
    {
      url: base,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const next = plan.nextCall();
            return { ...request, method: next.method, path: next.path, headers: { ...next.headers, 'content-type': 'application/json' }, body: JSON.stringify(next.body) };
          },
          ...(onResponse ? { onResponse: (status) => onResponse(status) } : {}),
        },
      ],
    },
    track,
  );
  return { ...summariseClosed(result, seconds), statusCodes: result.statusCodeStats };
}
