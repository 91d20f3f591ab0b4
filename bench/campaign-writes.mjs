// The campaign writes the benchmark's bare process runs (bench/campaign-bare-server.mjs): a claim and a
// call, in the statements and transaction shape of docs/campaigns.md, straight through pg, with none of
// the service's framework or policy code. scripts/bench-campaigns.mjs compares the full path with them.
import { createHash, randomUUID } from 'node:crypto';

const RETRY_OUTCOMES = ['no_answer', 'busy'];
const UNREACHED_OUTCOMES = ['no_answer', 'busy', 'wrong_number'];
const MAX_ATTEMPTS = 5;

/**
 * The claim: one statement. The next target in queue order that is due, not a callback still in its owner's
 * hour, of a company known and not `doNotCall`, not claimed in any campaign of the organisation, not called in
 * another campaign within the cooldown; locked with SKIP LOCKED so concurrent callers never wait on each other,
 * leased for 15 minutes, and returned with its company card. $1 organisation, $2 campaign, $3 caller, $4 cooldown days.
 */
const CLAIM = {
  name: 'bench-claim',
  text: `WITH claimed AS (
      UPDATE campaigns.target SET status = 'claimed', claim_id = gen_random_uuid(), claimed_by = $3,
        claim_expires_at = now() + interval '15 minutes', updated_at = now()
      WHERE (campaign_id, company_id) = (
        SELECT q.campaign_id, q.company_id FROM campaigns.target q
        JOIN campaigns.company_summary s ON s.id = q.company_id AND s.organization_id = q.organization_id
        WHERE q.campaign_id = $2 AND q.organization_id = $1 AND q.status IN ('pending', 'callback')
          AND (q.available_at IS NULL OR q.available_at <= now())
          AND (q.status <> 'callback' OR q.callback_owner_id IS NULL OR q.callback_owner_id = $3 OR q.callback_at <= now() - interval '1 hour')
          AND NOT s.do_not_call
          AND NOT EXISTS (SELECT 1 FROM campaigns.target o WHERE o.organization_id = $1 AND o.company_id = q.company_id AND o.status = 'claimed')
          AND ($4::int = 0 OR NOT EXISTS (SELECT 1 FROM campaigns.company_last_call l WHERE l.organization_id = $1 AND l.company_id = q.company_id
            AND l.campaign_id <> q.campaign_id AND l.last_called_at > now() - $4::int * interval '1 day'))
        ORDER BY q.queue_tier, q.queue_key, q.company_id
        LIMIT 1
        FOR UPDATE OF q SKIP LOCKED)
      RETURNING claim_id, claim_expires_at, company_id
    )
    SELECT c.claim_id, c.claim_expires_at, s.id, s.name, s.phone, s.naf_code, s.naf_label, s.size_band, s.address_line, s.postal_code, s.city, s.hiring_potential
    FROM claimed c JOIN campaigns.company_summary s ON s.id = c.company_id AND s.organization_id = $1`,
};

/** Claims the next target of `campaignId` for `callerId`: `{claim, target}` or null when nothing is left. */
export async function claimNext(pool, { organizationId, campaignId, callerId, cooldownDays = 7 }) {
  const { rows } = await pool.query({ ...CLAIM, values: [organizationId, campaignId, callerId, cooldownDays] });
  if (rows.length === 0) return null;
  const [row] = rows;
  return {
    claim: { id: row.claim_id, expiresAt: row.claim_expires_at.toISOString() },
    target: {
      campaignId,
      company: { id: row.id, name: row.name, phone: row.phone, nafCode: row.naf_code, nafLabel: row.naf_label, sizeBand: row.size_band, addressLine: row.address_line, postalCode: row.postal_code, city: row.city, hiringPotential: row.hiring_potential },
    },
  };
}

// A call's transaction, in the statements the service runs: the idempotency key; the target, locked; the call;
// its offers in one statement; the target moved and company_last_call in one; the outbox row; all the rollups in
// one, last, because the campaign's rows are shared by all its callers and stay locked until COMMIT; the answer kept
// with the key.
const STATEMENTS = {
  claimKey: `INSERT INTO campaigns.idempotency_key (organization_id, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
  storedAnswer: `SELECT fingerprint, response FROM campaigns.idempotency_key WHERE organization_id = $1 AND key = $2`,
  lockTarget: `SELECT c.status AS campaign_status, c.convention_id, t.status, t.attempts, t.contacted, t.reached, t.claimed_by, coalesce(t.claim_expires_at > now(), false) AS claim_live
    FROM campaigns.target t JOIN campaigns.campaign c ON c.id = t.campaign_id
    WHERE t.organization_id = $1 AND t.campaign_id = $2 AND t.company_id = $3 FOR UPDATE OF t`,
  insertCall: `INSERT INTO campaigns.call (organization_id, campaign_id, company_id, contact_id, caller_id, outcome, notes, duration_seconds, callback_at, meeting_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, called_at, created_at`,
  insertOffers: `INSERT INTO campaigns.offer (organization_id, campaign_id, call_id, company_id, title, contract_type, positions, rome_code, description)
    SELECT $1, $2, $3, $4, o.title, o.contract_type, o.positions, o.rome_code, o.description
    FROM unnest($5::text[], $6::text[], $7::int[], $8::text[], $9::text[]) WITH ORDINALITY AS o(title, contract_type, positions, rome_code, description, position)
    ORDER BY o.position RETURNING id, title, contract_type, positions, rome_code, description, status, created_at`,
  moveTarget: `WITH moved AS (
      UPDATE campaigns.target SET status = $4, queue_tier = coalesce($5::smallint, queue_tier), queue_key = coalesce($6, queue_key), available_at = $7,
        attempts = attempts + 1, last_outcome = $8, last_called_at = now(), callback_at = $9, callback_owner_id = $10,
        claim_id = NULL, claimed_by = NULL, claim_expires_at = NULL, contacted = true, reached = reached OR $11, updated_at = now()
      WHERE organization_id = $1 AND campaign_id = $2 AND company_id = $3
    )
    INSERT INTO campaigns.company_last_call (organization_id, company_id, campaign_id, last_called_at) VALUES ($1, $3, $2, now())
    ON CONFLICT (organization_id, company_id, campaign_id) DO UPDATE SET last_called_at = EXCLUDED.last_called_at`,
  outbox: `INSERT INTO bench_bare.outbox_event (id, subject, message) VALUES ($1, $2, $3)`,
  rollups: `WITH caller AS (
      INSERT INTO campaigns.campaign_caller_rollup AS r (campaign_id, caller_id, calls, reached) VALUES ($1, $2, 1, $3)
      ON CONFLICT (campaign_id, caller_id) DO UPDATE SET calls = r.calls + 1, reached = r.reached + EXCLUDED.reached
    ), day AS (
      INSERT INTO campaigns.campaign_day_rollup AS r (campaign_id, day, calls, reached) VALUES ($1, (now() AT TIME ZONE 'Europe/Paris')::date, 1, $3)
      ON CONFLICT (campaign_id, day) DO UPDATE SET calls = r.calls + 1, reached = r.reached + EXCLUDED.reached
    ), counted AS (
      INSERT INTO campaigns.campaign_count AS r (campaign_id, dimension, key, n)
      SELECT $1, k.dimension, k.key, k.n FROM unnest($4::text[], $5::text[], $6::int[]) WITH ORDINALITY AS k(dimension, key, n, position) ORDER BY k.position
      ON CONFLICT (campaign_id, dimension, key) DO UPDATE SET n = r.n + EXCLUDED.n
    )
    INSERT INTO campaigns.campaign_rollup AS r (campaign_id, contacted, reached, calls, offers) VALUES ($1, $7, $8, 1, $9)
    ON CONFLICT (campaign_id) DO UPDATE SET contacted = r.contacted + EXCLUDED.contacted, reached = r.reached + EXCLUDED.reached,
      calls = r.calls + 1, offers = r.offers + EXCLUDED.offers`,
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
  if (target.status === 'done' || target.status === 'excluded') throw new CallRefused(422, 'This target is closed.');
  if (target.status === 'claimed' && target.claim_live && target.claimed_by !== callerId) throw new CallRefused(409, 'Another caller holds this company.');

  const call = (await run(client, 'insertCall', [organizationId, campaignId, companyId, body.contactId ?? null, callerId, outcome, body.notes ?? null, body.durationSeconds ?? null, body.callbackAt ?? null, body.meetingAt ?? null])).rows[0];
  const given = body.offers ?? [];
  const offers =
    given.length === 0
      ? []
      : (
          await run(client, 'insertOffers', [
            organizationId,
            campaignId,
            call.id,
            companyId,
            given.map((o) => o.title),
            given.map((o) => o.contractType),
            given.map((o) => o.positions ?? 1),
            given.map((o) => o.romeCode ?? null),
            given.map((o) => o.description ?? null),
          ])
        ).rows.map((row) => ({ id: row.id, title: row.title, contractType: row.contract_type, positions: row.positions, romeCode: row.rome_code, description: row.description, status: row.status, createdAt: row.created_at.toISOString() }));

  const reaching = !UNREACHED_OUTCOMES.includes(outcome);
  const calledAt = call.called_at;
  const next = nextQueueState(outcome, target.attempts + 1, calledAt, body.callbackAt);
  await run(client, 'moveTarget', [organizationId, campaignId, companyId, next.status, next.tier, next.key, next.availableAt, outcome, next.callbackAt, next.callbackAt ? callerId : null, reaching]);

  const firstContact = !target.contacted;
  const firstReach = reaching && !target.reached;
  const eventId = randomUUID();
  const event = {
    meta: { eventId, occurredAt: new Date().toISOString(), organizationId, requestId, version: 1 },
    data: { id: call.id, organizationId, campaignId, conventionId: target.convention_id, companyId, callerId, outcome, calledAt: calledAt.toISOString(), firstContact, firstReach, offers: offers.map((o) => ({ id: o.id, contractType: o.contractType, positions: o.positions })) },
  };
  await run(client, 'outbox', [eventId, 'events.campaigns.call.logged', event]);

  // Counted keys in one fixed order (dimension, then key) so that two calls never wait on each other in a cycle.
  const counts = new Map([[`outcome\u0000${outcome}`, 1]]);
  for (const o of offers) counts.set(`contract_type\u0000${o.contractType}`, (counts.get(`contract_type\u0000${o.contractType}`) ?? 0) + 1);
  const keys = [...counts.keys()].sort();
  await run(client, 'rollups', [campaignId, callerId, reaching ? 1 : 0, keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.split('\u0000')[1]), keys.map((k) => counts.get(k)), firstContact ? 1 : 0, firstReach ? 1 : 0, offers.length]);

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

/** Where the target goes after a call with `outcome` (docs/campaigns.md, "A call"); a null tier or key stays as it is. */
function nextQueueState(outcome, attempts, calledAt, callbackAt) {
  const out = { tier: null, key: null, availableAt: null, callbackAt: null };
  if (RETRY_OUTCOMES.includes(outcome)) {
    if (attempts >= MAX_ATTEMPTS) return { ...out, status: 'done' };
    return { status: 'pending', tier: 2, key: calledAt.getTime() / 1000, availableAt: new Date(calledAt.getTime() + 2 * 3600_000), callbackAt: null };
  }
  if (outcome === 'callback') {
    const at = new Date(callbackAt);
    return { status: 'callback', tier: 0, key: at.getTime() / 1000, availableAt: at, callbackAt: at };
  }
  return { ...out, status: outcome === 'do_not_call' ? 'excluded' : 'done' };
}
