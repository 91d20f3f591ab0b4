// The campaign writes the benchmark's bare process runs (bench/campaign-bare-server.mjs): a claim and a
// call, in the statements and transaction shape of docs/campaigns.md, straight through pg, with none of
// the service's framework or policy code. scripts/bench-campaigns.mjs compares the full path with them.
import { createHash, randomUUID } from 'node:crypto';

const RETRY_OUTCOMES = ['no_answer', 'busy'];
const UNREACHED_OUTCOMES = ['no_answer', 'busy', 'wrong_number'];
const MAX_ATTEMPTS = 5;

/**
 * The claim: one statement. The next target in queue order that is due, not a callback still owned by
 * someone else, not `doNotCall`, not claimed in another campaign of the organisation, not called in another
 * campaign within the cooldown; locked with SKIP LOCKED so concurrent callers never wait on each other, leased
 * for 15 minutes, and returned with its company card.
 */
const CLAIM = {
  name: 'bench-claim',
  text: `WITH next AS (
      SELECT q.campaign_id, q.company_id FROM campaigns.target q
      JOIN campaigns.company_summary s ON s.id = q.company_id
      WHERE q.campaign_id = $2 AND q.status IN ('pending', 'callback')
        AND (q.available_at IS NULL OR q.available_at <= now())
        AND (q.status <> 'callback' OR q.callback_owner_id = $3 OR q.callback_at + interval '1 hour' <= now())
        AND NOT s.do_not_call
        AND NOT EXISTS (SELECT 1 FROM campaigns.target o WHERE o.organization_id = $1 AND o.company_id = q.company_id
          AND o.campaign_id <> q.campaign_id AND o.status = 'claimed' AND o.claim_expires_at > now())
        AND NOT EXISTS (SELECT 1 FROM campaigns.company_last_call l WHERE l.organization_id = $1 AND l.company_id = q.company_id
          AND l.campaign_id <> q.campaign_id AND l.last_called_at > now() - make_interval(days => $4))
      ORDER BY q.queue_tier, q.queue_key, q.company_id
      FOR UPDATE OF q SKIP LOCKED
      LIMIT 1
    ), claimed AS (
      UPDATE campaigns.target t SET status = 'claimed', claim_id = gen_random_uuid(), claimed_by = $3,
        claim_expires_at = now() + interval '15 minutes', updated_at = now()
      FROM next WHERE t.campaign_id = next.campaign_id AND t.company_id = next.company_id
      RETURNING t.claim_id, t.claim_expires_at, t.company_id, t.status
    )
    SELECT c.claim_id, c.claim_expires_at, s.id, s.name, s.phone, s.naf_code, s.naf_label, s.postal_code, s.city, s.hiring_potential
    FROM claimed c JOIN campaigns.company_summary s ON s.id = c.company_id`,
};

/** Claims the next target of `campaignId` for `callerId`: `{claim, target}` or null when nothing is left. */
export async function claimNext(pool, { organizationId, campaignId, callerId, cooldownDays = 7 }) {
  const { rows } = await pool.query({ ...CLAIM, values: [organizationId, campaignId, callerId, cooldownDays] });
  if (rows.length === 0) return null;
  const [row] = rows;
  return {
    claim: { id: row.claim_id, expiresAt: row.claim_expires_at.toISOString() },
    target: {
      company: { id: row.id, name: row.name, phone: row.phone, nafCode: row.naf_code, nafLabel: row.naf_label, postalCode: row.postal_code, city: row.city, hiringPotential: row.hiring_potential },
    },
  };
}

// A call's transaction, statement by statement. The rows every call of a campaign updates (its
// outcome count, its day, its campaign rollup) come last, just before COMMIT, so that their row locks are
// held as briefly as possible: they serialise the calls of one campaign.
const STATEMENTS = {
  claimKey: `INSERT INTO campaigns.idempotency_key (organization_id, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
  storedAnswer: `SELECT fingerprint, response FROM campaigns.idempotency_key WHERE organization_id = $1 AND key = $2`,
  lockTarget: `SELECT c.status AS campaign_status, c.convention_id, t.attempts, t.contacted, t.reached, t.claimed_by
    FROM campaigns.target t JOIN campaigns.campaign c ON c.id = t.campaign_id
    WHERE t.organization_id = $1 AND t.campaign_id = $2 AND t.company_id = $3 FOR UPDATE OF t`,
  insertCall: `INSERT INTO campaigns.call (organization_id, campaign_id, company_id, contact_id, caller_id, outcome, notes, duration_seconds, callback_at, meeting_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, called_at, created_at`,
  insertOffer: `INSERT INTO campaigns.offer (organization_id, campaign_id, call_id, company_id, title, contract_type, positions, rome_code, description)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, status, created_at`,
  updateTarget: `UPDATE campaigns.target SET status = $4, queue_tier = $5, queue_key = $6, available_at = $7, attempts = attempts + 1,
    last_outcome = $8, last_called_at = $9, callback_at = $10, callback_owner_id = $11, claim_id = NULL, claimed_by = NULL,
    claim_expires_at = NULL, contacted = true, reached = reached OR $12, updated_at = now()
    WHERE organization_id = $1 AND campaign_id = $2 AND company_id = $3`,
  lastCall: `INSERT INTO campaigns.company_last_call (organization_id, company_id, campaign_id, last_called_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (organization_id, company_id, campaign_id) DO UPDATE SET last_called_at = GREATEST(company_last_call.last_called_at, EXCLUDED.last_called_at)`,
  outbox: `INSERT INTO bench_bare.outbox_event (id, subject, message) VALUES ($1, $2, $3)`,
  callerRollup: `INSERT INTO campaigns.campaign_caller_rollup (campaign_id, caller_id, calls, reached) VALUES ($1, $2, 1, $3)
    ON CONFLICT (campaign_id, caller_id) DO UPDATE SET calls = campaign_caller_rollup.calls + 1, reached = campaign_caller_rollup.reached + EXCLUDED.reached`,
  count: `INSERT INTO campaigns.campaign_count (campaign_id, dimension, key, n) VALUES ($1, $2, $3, $4)
    ON CONFLICT (campaign_id, dimension, key) DO UPDATE SET n = campaign_count.n + EXCLUDED.n`,
  dayRollup: `INSERT INTO campaigns.campaign_day_rollup (campaign_id, day, calls, reached) VALUES ($1, ($2::timestamptz AT TIME ZONE 'Europe/Paris')::date, 1, $3)
    ON CONFLICT (campaign_id, day) DO UPDATE SET calls = campaign_day_rollup.calls + 1, reached = campaign_day_rollup.reached + EXCLUDED.reached`,
  campaignRollup: `INSERT INTO campaigns.campaign_rollup (campaign_id, contacted, reached, calls, offers) VALUES ($1, $2, $3, 1, $4)
    ON CONFLICT (campaign_id) DO UPDATE SET contacted = campaign_rollup.contacted + EXCLUDED.contacted, reached = campaign_rollup.reached + EXCLUDED.reached,
      calls = campaign_rollup.calls + 1, offers = campaign_rollup.offers + EXCLUDED.offers`,
  storeAnswer: `UPDATE campaigns.idempotency_key SET response = $3 WHERE organization_id = $1 AND key = $2`,
};
const run = (client, name, values) => client.query({ name: `bench-call-${name}`, text: STATEMENTS[name], values });

/** The Idempotency-Key's fingerprint: what the request was (method, path, caller, body). */
export const fingerprintOf = (path, callerId, rawBody) => createHash('sha256').update(`POST ${path}\n${callerId}\n${rawBody}`).digest('hex');

export class CallRefused extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/**
 * Logs a call (`body` as POST /campaigns/{id}/calls takes it) in one transaction: the idempotency key, the
 * call and its offers, the target, company_last_call, the outbox row (in bench_bare.outbox_event, which no
 * relay reads), the rollups. Returns the call; a key already used returns the stored answer.
 */
export async function logCall(pool, { organizationId, campaignId, callerId, idempotencyKey, fingerprint, requestId, body }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const answer = await logCallIn(client, { organizationId, campaignId, callerId, idempotencyKey, fingerprint, requestId, body });
    await client.query('COMMIT');
    return answer;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function logCallIn(client, { organizationId, campaignId, callerId, idempotencyKey, fingerprint, requestId, body }) {
  if (idempotencyKey) {
    const claimed = await run(client, 'claimKey', [organizationId, idempotencyKey, fingerprint]);
    if (claimed.rows.length === 0) {
      const stored = (await run(client, 'storedAnswer', [organizationId, idempotencyKey])).rows[0];
      if (stored.fingerprint !== fingerprint) throw new CallRefused(422, 'This Idempotency-Key was used for another request.');
      return stored.response;
    }
  }
  const { companyId, outcome } = body;
  const target = (await run(client, 'lockTarget', [organizationId, campaignId, companyId])).rows[0];
  if (!target) throw new CallRefused(422, 'This company is not a target of the campaign.');
  if (target.campaign_status !== 'active') throw new CallRefused(422, 'The campaign is not active.');

  const call = (await run(client, 'insertCall', [organizationId, campaignId, companyId, body.contactId ?? null, callerId, outcome, body.notes ?? null, body.durationSeconds ?? null, body.callbackAt ?? null, body.meetingAt ?? null])).rows[0];
  const offers = [];
  for (const offer of body.offers ?? []) {
    const row = (await run(client, 'insertOffer', [organizationId, campaignId, call.id, companyId, offer.title, offer.contractType, offer.positions ?? 1, offer.romeCode ?? null, offer.description ?? null])).rows[0];
    offers.push({ id: row.id, title: offer.title, contractType: offer.contractType, positions: offer.positions ?? 1, romeCode: offer.romeCode ?? null, description: offer.description ?? null, status: row.status, createdAt: row.created_at.toISOString() });
  }

  const reaching = !UNREACHED_OUTCOMES.includes(outcome);
  const attempts = target.attempts + 1;
  const calledAt = call.called_at;
  const next = nextQueueState(outcome, attempts, calledAt, body.callbackAt);
  await run(client, 'updateTarget', [organizationId, campaignId, companyId, next.status, next.tier, next.key, next.availableAt, outcome, calledAt, next.callbackAt, next.callbackAt ? callerId : null, reaching]);
  await run(client, 'lastCall', [organizationId, companyId, campaignId, calledAt]);

  const firstContact = !target.contacted;
  const firstReach = reaching && !target.reached;
  const eventId = randomUUID();
  const event = {
    meta: { eventId, occurredAt: new Date().toISOString(), organizationId, requestId, version: 1 },
    data: { id: call.id, organizationId, campaignId, conventionId: target.convention_id, companyId, callerId, outcome, calledAt: calledAt.toISOString(), firstContact, firstReach, offers: offers.map((o) => ({ id: o.id, contractType: o.contractType, positions: o.positions })) },
  };
  await run(client, 'outbox', [eventId, 'events.campaigns.call.logged', event]);
  await run(client, 'callerRollup', [campaignId, callerId, reaching ? 1 : 0]);

  // The campaign-wide rows, in one fixed order (outcome, contract types sorted, day, campaign) so that two calls never deadlock.
  await run(client, 'count', [campaignId, 'outcome', outcome, 1]);
  const byContractType = new Map();
  for (const offer of offers) byContractType.set(offer.contractType, (byContractType.get(offer.contractType) ?? 0) + 1);
  for (const [contractType, n] of [...byContractType].sort()) await run(client, 'count', [campaignId, 'contract_type', contractType, n]);
  await run(client, 'dayRollup', [campaignId, calledAt, reaching ? 1 : 0]);
  await run(client, 'campaignRollup', [campaignId, firstContact ? 1 : 0, firstReach ? 1 : 0, offers.length]);

  const answer = {
    id: call.id,
    campaignId,
    companyId,
    contactId: body.contactId ?? null,
    callerId,
    outcome,
    notes: body.notes ?? null,
    durationSeconds: body.durationSeconds ?? null,
    callbackAt: body.callbackAt ?? null,
    meetingAt: body.meetingAt ?? null,
    offers,
    calledAt: calledAt.toISOString(),
    version: 1,
  };
  if (idempotencyKey) await run(client, 'storeAnswer', [organizationId, idempotencyKey, answer]);
  return answer;
}

/** Where the target goes after a call with `outcome` (docs/campaigns.md, "A call"). */
function nextQueueState(outcome, attempts, calledAt, callbackAt) {
  if (RETRY_OUTCOMES.includes(outcome)) {
    if (attempts >= MAX_ATTEMPTS) return { status: 'done', tier: 2, key: 0, availableAt: null, callbackAt: null };
    return { status: 'pending', tier: 2, key: calledAt.getTime() / 1000, availableAt: new Date(calledAt.getTime() + 2 * 3600_000), callbackAt: null };
  }
  if (outcome === 'callback') {
    const at = new Date(callbackAt);
    return { status: 'callback', tier: 0, key: at.getTime() / 1000, availableAt: at, callbackAt: at };
  }
  if (outcome === 'do_not_call') return { status: 'excluded', tier: 1, key: 0, availableAt: null, callbackAt: null };
  return { status: 'done', tier: 1, key: 0, availableAt: null, callbackAt: null };
}
