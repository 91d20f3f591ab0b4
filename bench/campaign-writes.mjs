// The campaign writes the benchmark's bare process runs (bench/campaign-bare-server.mjs): a claim and a
// call, in the statements and transaction shape of docs/campaigns.md, straight through pg, with none of
// the service's framework or policy code. scripts/bench-campaigns.mjs compares the full path with them.
import { randomUUID } from 'node:crypto';

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

// A call, in the statements the campaigns service runs (apps/campaigns/src/calls/calls.service.ts, CallsService.log), each
// the same SQL text: the campaign read with the sharing condition (CampaignAccess.readable, before the transaction),
// then in one transaction the Idempotency-Key claimed (UnitOfWork), the target locked, the call inserted with its
// company's name, its offers in one statement, the target moved and company_last_call in one, the outbox row, all the
// rollups in one, last (the campaign's rows are shared by all its callers and stay locked until COMMIT), the answer
// kept with the key. Only the outbox table differs: bench_bare.outbox_event, which no relay reads.
const COMPANY_NAME = `(SELECT s."name" FROM "campaigns"."company_summary" s WHERE s."id" = "call"."company_id" AND s."organization_id" = "call"."organization_id") AS "company_name"`;
/** libs/platform sharedWithSql('campaigns', 'c."convention_id"', 'c."organization_id"', '$1'), as CampaignsRepository's readableBySql('c', '$1') builds it. */
export const READABLE_SQL = `(c."organization_id" = $1 OR (c."convention_id" IS NOT NULL AND EXISTS (
      SELECT 1 FROM "campaigns"."convention_party" caller_party
      JOIN "campaigns"."convention_party" owner_party
        ON owner_party."convention_id" = caller_party."convention_id" AND owner_party."organization_id" = c."organization_id"
      WHERE caller_party."convention_id" = c."convention_id" AND caller_party."organization_id" = $1)))`;
export const STATEMENTS = {
  readable: `SELECT c.* FROM "campaigns"."campaign" c WHERE c."id" = $2 AND ${READABLE_SQL}`,
  claimKey: `INSERT INTO "campaigns"."idempotency_key"("organization_id", "key", "fingerprint") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING "key"`,
  storedAnswer: `SELECT "fingerprint", "response", "erased_at" FROM "campaigns"."idempotency_key" WHERE "organization_id" = $1 AND "key" = $2 LIMIT 1`,
  lockTarget: `SELECT "status", "attempts", "contacted", "reached", "claimed_by", coalesce("claim_expires_at" > now(), false) AS "claim_live"
       FROM "campaigns"."target" WHERE "campaign_id" = $1 AND "company_id" = $2 AND "organization_id" = $3 FOR UPDATE`,
  insertCall: `INSERT INTO "campaigns"."call"
         ("organization_id", "campaign_id", "company_id", "contact_id", "caller_id", "outcome", "notes", "duration_seconds", "callback_at", "meeting_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING "call".*, ${COMPANY_NAME}`,
  insertOffers: `INSERT INTO "campaigns"."offer"
         ("organization_id", "campaign_id", "call_id", "company_id", "title", "contract_type", "positions", "rome_code", "description", "created_at", "updated_at")
       SELECT $1, $2, $3, $4, o."title", o."contract_type", o."positions", o."rome_code", o."description", o."at", o."at"
       FROM (
         SELECT *, now() + make_interval(secs => o."position" / 1e6) AS "at"
         FROM unnest($5::text[], $6::text[], $7::integer[], $8::text[], $9::text[]) WITH ORDINALITY
           AS o("title", "contract_type", "positions", "rome_code", "description", "position")
       ) AS o
       ORDER BY o."position"
       RETURNING *`,
  moveTarget: `WITH "moved" AS (
         UPDATE "campaigns"."target" SET
           "status" = $4,
           "queue_tier" = coalesce($5::smallint, "queue_tier"),
           "queue_key" = CASE $6 WHEN 'retry' THEN extract(epoch FROM now()) WHEN 'callback' THEN extract(epoch FROM $7::timestamptz) ELSE "queue_key" END,
           "available_at" = CASE $6 WHEN 'retry' THEN now() + make_interval(hours => $8) WHEN 'callback' THEN $7::timestamptz END,
           "callback_at" = CASE $6 WHEN 'callback' THEN $7::timestamptz END,
           "callback_owner_id" = CASE $6 WHEN 'callback' THEN $9::uuid END,
           "attempts" = "attempts" + 1, "last_outcome" = $10, "last_called_at" = now(),
           "claim_id" = NULL, "claimed_by" = NULL, "claim_expires_at" = NULL,
           "contacted" = true, "reached" = "reached" OR $11, "updated_at" = now()
         WHERE "campaign_id" = $1 AND "company_id" = $2 AND "organization_id" = $3
       )
       INSERT INTO "campaigns"."company_last_call" ("organization_id", "company_id", "campaign_id", "last_called_at")
       VALUES ($3, $2, $1, now())
       ON CONFLICT ("organization_id", "company_id", "campaign_id") DO UPDATE SET "last_called_at" = EXCLUDED."last_called_at"`,
  outbox: `INSERT INTO "bench_bare"."outbox_event"("id", "subject", "message") VALUES ($1, $2, $3)`,
  rollups: `WITH "by_caller" AS (
         INSERT INTO "campaigns"."campaign_caller_rollup" AS r ("campaign_id", "caller_id", "calls", "reached") VALUES ($1, $2, 1, $3)
         ON CONFLICT ("campaign_id", "caller_id") DO UPDATE SET "calls" = r."calls" + 1, "reached" = r."reached" + EXCLUDED."reached"
       ), "by_day" AS (
         INSERT INTO "campaigns"."campaign_day_rollup" AS r ("campaign_id", "day", "calls", "reached")
         VALUES ($1, (now() AT TIME ZONE 'Europe/Paris')::date, 1, $3)
         ON CONFLICT ("campaign_id", "day") DO UPDATE SET "calls" = r."calls" + 1, "reached" = r."reached" + EXCLUDED."reached"
       ), "by_key" AS (
         INSERT INTO "campaigns"."campaign_count" AS r ("campaign_id", "dimension", "key", "n")
         SELECT $1, c."dimension", c."key", c."n" FROM unnest($4::text[], $5::text[], $6::integer[]) WITH ORDINALITY AS c("dimension", "key", "n", "position")
         ORDER BY c."position"
         ON CONFLICT ("campaign_id", "dimension", "key") DO UPDATE SET "n" = r."n" + EXCLUDED."n"
       )
       INSERT INTO "campaigns"."campaign_rollup" AS r ("campaign_id", "contacted", "reached", "calls", "offers") VALUES ($1, $7, $8, 1, $9)
       ON CONFLICT ("campaign_id") DO UPDATE SET
         "contacted" = r."contacted" + EXCLUDED."contacted", "reached" = r."reached" + EXCLUDED."reached",
         "calls" = r."calls" + 1, "offers" = r."offers" + EXCLUDED."offers"`,
  storeAnswer: `UPDATE "campaigns"."idempotency_key" SET "response" = $3 WHERE "organization_id" = $1 AND "key" = $2`,
};
const run = (client, name, values) => client.query({ name: `bench-call-${name}`, text: STATEMENTS[name], values });
const RETRY_DELAY_HOURS = 2;
const CALLERS = ['manager', 'volunteer'];

export class CallRefused extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/**
 * Logs a call (`body` as POST /campaigns/{id}/calls takes it) as `callerId` of `organizationId` with `role`: the campaign
 * read, then one transaction (the key, the call and its offers, the target, company_last_call, the outbox row, the
 * rollups). Returns the Call of the API; a key already used returns the stored answer.
 */
export async function logCall(pool, { organizationId, campaignId, callerId, role, idempotencyKey, fingerprint, requestId, body }) {
  const campaign = (await pool.query({ name: 'bench-call-readable', text: STATEMENTS.readable, values: [organizationId, campaignId] })).rows[0];
  if (!campaign) throw new CallRefused(404, 'This campaign does not exist.');
  if (!CALLERS.includes(role)) throw new CallRefused(403, 'Volunteers and managers log calls.');
  if (campaign.status !== 'active') throw new CallRefused(422, 'The campaign is not active.');
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    const answer = await logCallIn(client, campaign, { organizationId, callerId, idempotencyKey, fingerprint, requestId, body });
    await client.query('COMMIT');
    return answer;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** logCall's answer as `{ status, body }` (201 and the call, or the refusal's status and problem): what a route sends back. */
export async function callAnswer(pool, input) {
  try {
    return { status: 201, body: await logCall(pool, input) };
  } catch (error) {
    if (error instanceof CallRefused) return { status: error.status, body: { title: 'Refused', status: error.status, detail: error.message } };
    throw error;
  }
}

/** claimNext's answer as `{ status, body }`: 201 and the claim, or 204 when nothing is left. */
export async function claimAnswer(pool, input) {
  const claimed = await claimNext(pool, input);
  return claimed ? { status: 201, body: claimed } : { status: 204 };
}

async function logCallIn(client, campaign, { organizationId: actorOrganizationId, callerId, idempotencyKey, fingerprint, requestId, body }) {
  if (idempotencyKey) {
    const claimed = await run(client, 'claimKey', [actorOrganizationId, idempotencyKey, fingerprint]);
    if (claimed.rows.length === 0) {
      const stored = (await run(client, 'storedAnswer', [actorOrganizationId, idempotencyKey])).rows[0];
      if (stored.fingerprint !== fingerprint) throw new CallRefused(422, 'This Idempotency-Key was used for another request.');
      if (stored.erased_at) throw new CallRefused(410, 'The answer to this request was erased.');
      return stored.response;
    }
  }
  // The campaign's organisation: targets, calls and rollups are its own, whoever called.
  const organizationId = campaign.organization_id;
  const campaignId = campaign.id;
  const { companyId, outcome } = body;
  const target = (await run(client, 'lockTarget', [campaignId, companyId, organizationId])).rows[0];
  if (!target) throw new CallRefused(422, 'This company is not a target of the campaign.');
  if (target.status === 'done' || target.status === 'excluded') throw new CallRefused(422, 'This target is closed.');
  if (target.status === 'claimed' && target.claim_live && target.claimed_by !== callerId) throw new CallRefused(409, 'Another caller holds this company.');
  const after = targetAfterCall(outcome, target);

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
        ).rows.map((row) => ({ ...row, campaign_name: campaign.name, company_name: call.company_name }));
  await run(client, 'moveTarget', [campaignId, companyId, organizationId, after.status, after.queueTier, after.schedule, body.callbackAt ?? null, RETRY_DELAY_HOURS, callerId, outcome, after.reaching]);

  const eventId = randomUUID();
  const event = {
    meta: { eventId, occurredAt: new Date().toISOString(), organizationId: actorOrganizationId, requestId, version: 1 },
    data: {
      id: call.id,
      organizationId,
      campaignId,
      conventionId: campaign.convention_id,
      companyId: call.company_id,
      callerId: call.caller_id,
      outcome: call.outcome,
      calledAt: call.called_at.toISOString(),
      firstContact: after.firstContact,
      firstReach: after.firstReach,
      offers: offers.map((o) => ({ id: o.id, contractType: o.contract_type, positions: o.positions })),
    },
  };
  await run(client, 'outbox', [eventId, 'events.campaigns.call.logged', event]);

  // Counted keys in one fixed order (dimension, then key) so that two calls never wait on each other in a cycle.
  const counts = new Map([[`outcome\u0000${outcome}`, 1]]);
  for (const o of offers) counts.set(`contract_type\u0000${o.contract_type}`, (counts.get(`contract_type\u0000${o.contract_type}`) ?? 0) + 1);
  const keys = [...counts.keys()].sort();
  await run(client, 'rollups', [campaignId, callerId, after.reaching ? 1 : 0, keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.split('\u0000')[1]), keys.map((k) => counts.get(k)), after.firstContact ? 1 : 0, after.firstReach ? 1 : 0, offers.length]);

  const answer = toCall(call, offers);
  if (idempotencyKey) await run(client, 'storeAnswer', [actorOrganizationId, idempotencyKey, answer]);
  return answer;
}

/** Where the target goes after a call with `outcome` (apps/campaigns/src/calls/target-outcome.ts). */
function targetAfterCall(outcome, before) {
  const reaching = !UNREACHED_OUTCOMES.includes(outcome);
  const counts = { firstContact: !before.contacted, firstReach: reaching && !before.reached, reaching };
  if (RETRY_OUTCOMES.includes(outcome)) {
    if (before.attempts + 1 >= MAX_ATTEMPTS) return { status: 'done', queueTier: null, schedule: 'none', ...counts };
    return { status: 'pending', queueTier: 2, schedule: 'retry', ...counts };
  }
  if (outcome === 'callback') return { status: 'callback', queueTier: 0, schedule: 'callback', ...counts };
  if (outcome === 'do_not_call') return { status: 'excluded', queueTier: null, schedule: 'none', ...counts };
  return { status: 'done', queueTier: null, schedule: 'none', ...counts };
}

const iso = (date) => (date ? date.toISOString() : null);

/** The Call of the API, field for field as toCall in apps/campaigns/src/calls/call.rows.ts. */
const toCall = (row, offers) => ({
  id: row.id,
  organizationId: row.organization_id,
  campaignId: row.campaign_id,
  companyId: row.company_id,
  companyName: row.company_name,
  contactId: row.contact_id,
  callerId: row.caller_id,
  outcome: row.outcome,
  notes: row.notes,
  durationSeconds: row.duration_seconds,
  callbackAt: iso(row.callback_at),
  meetingAt: iso(row.meeting_at),
  calledAt: row.called_at.toISOString(),
  offers: offers.map((o) => ({
    id: o.id,
    organizationId: o.organization_id,
    companyId: o.company_id,
    companyName: o.company_name,
    campaignId: o.campaign_id,
    campaignName: o.campaign_name,
    callId: o.call_id,
    title: o.title,
    contractType: o.contract_type,
    positions: o.positions,
    romeCode: o.rome_code,
    description: o.description,
    status: o.status,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
    version: o.version,
  })),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  version: row.version,
});
