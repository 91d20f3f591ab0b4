// Campaign data generated in SQL (generate_series), straight into the `campaigns` schema, fast: campaigns,
// their targets (with the company summaries the queue reads), and calls with everything the service writes
// with a call: offers, the targets' queue state, company_last_call and the rollups, consistent with the
// calls (checkRollups proves it by recomputing every rollup from the calls and targets).
// Used by scripts/bench-campaigns.mjs; also on its own, against any database migrated by the campaigns service:
//   node bench/campaign-dataset.mjs <DATABASE_URL> <organizationId> <createdBy> <targets> <calls> [callerId,…] [days=90]
// creates one active campaign and prints its id.
import pg from 'pg';

/** A new campaign of `organizationId` (active unless said otherwise) and its empty rollup row; returns its id. */
export async function createCampaign(client, { organizationId, createdBy, name, status = 'active', cooldownDays = 7, goal = null }) {
  const { rows } = await client.query(
    `INSERT INTO campaigns.campaign (organization_id, name, status, created_by, cooldown_days, goal_companies_to_contact, script)
     VALUES ($1, $2, $3, $4, $5, $6, 'Bonjour, je vous appelle de la part du club emploi…') RETURNING id`,
    [organizationId, name, status, createdBy, cooldownDays, goal],
  );
  await client.query('INSERT INTO campaigns.campaign_rollup (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING', [rows[0].id]);
  return rows[0].id;
}

/**
 * `count` new companies (their summaries, as the company events would have made them) added to the campaign
 * as never-called targets, in queue order by hiring potential (a tenth unknown).
 */
export async function addTargets(client, { organizationId, campaignId, count }) {
  await client.query(
    `WITH companies AS (
       INSERT INTO campaigns.company_summary (id, organization_id, name, naf_code, naf_label, size_band, address_line, postal_code, city, phone, hiring_potential, do_not_call, version)
       SELECT gen_random_uuid(), $1, 'Entreprise du banc d''essai ' || g, (ARRAY['10.71C', '47.11B', '56.10A', '43.21A', '96.02A'])[1 + g % 5],
         (ARRAY['Boulangerie et boulangerie-pâtisserie', 'Supérettes', 'Restauration traditionnelle', 'Installation électrique', 'Coiffure'])[1 + g % 5],
         (ARRAY['01', '02', '03', '11', '12'])[1 + g % 5], g || ' rue de la Mesure', lpad((59000 + g % 900)::text, 5, '0'), 'Dunkerque',
         '03 28 ' || lpad((g % 100)::text, 2, '0') || ' ' || lpad((g / 100 % 100)::text, 2, '0') || ' ' || lpad((g / 10000 % 100)::text, 2, '0'),
         CASE WHEN g % 10 = 0 THEN NULL ELSE (g * 37) % 101 END, false, 1
       FROM generate_series(1, $3) AS g
       RETURNING id, hiring_potential
     )
     INSERT INTO campaigns.target (campaign_id, company_id, organization_id, queue_tier, queue_key)
     SELECT $2, id, $1, 1, -coalesce(hiring_potential, 0) FROM companies`,
    [organizationId, campaignId, count],
  );
  await client.query('UPDATE campaigns.campaign_rollup SET targets = targets + $2 WHERE campaign_id = $1', [campaignId, count]);
}

/**
 * `calls` calls over `days` days up to now, logged by `callerIds`, on the first `contactedShare` of the
 * campaign's targets (in company id order), each target called about the same number of times. A target's
 * calls before its last are `no_answer`, `busy` or `callback` (only callbacks after the 4th: a 5th retry
 * would have ended it); its last call's outcome follows a realistic mix and sets the target's state as the
 * service would. Then offers, company_last_call, and the rollups rebuilt from the calls. One transaction.
 * For a campaign whose targets have no calls yet.
 */
export async function generateCalls(client, { campaignId, calls, callerIds, days = 90, contactedShare = 0.8 }) {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM campaigns.target WHERE campaign_id = $1', [campaignId]);
    const contacted = Math.max(1, Math.min(rows[0].n, Math.round(rows[0].n * contactedShare)));
    await client.query(
      `CREATE TEMPORARY TABLE generated_call ON COMMIT DROP AS
       WITH numbered AS (
         SELECT company_id, organization_id, (row_number() OVER (ORDER BY company_id) - 1)::int AS n FROM campaigns.target WHERE campaign_id = $1
       ), series AS (
         SELECT g, g % $3 AS t, g / $3 AS seq, ($2 - 1 - g % $3) / $3 + 1 AS n_calls, abs(hashint4(g % $3)) % 100 AS final_pick FROM generate_series(0, $2 - 1) AS g
       )
       SELECT gen_random_uuid() AS id, nb.company_id, nb.organization_id, s.g, s.seq, s.n_calls,
         CASE WHEN s.seq < s.n_calls - 1 THEN
           CASE WHEN s.seq >= 4 THEN 'callback' ELSE (ARRAY['no_answer', 'no_answer', 'busy', 'callback'])[1 + abs(hashint4(s.g)) % 4] END
         ELSE CASE
           WHEN s.final_pick < 20 THEN 'no_answer' WHEN s.final_pick < 25 THEN 'busy'
           WHEN s.final_pick < 28 THEN 'wrong_number' WHEN s.final_pick < 38 THEN 'callback'
           WHEN s.final_pick < 60 THEN 'not_interested' WHEN s.final_pick < 72 THEN 'interested'
           WHEN s.final_pick < 82 THEN 'meeting' WHEN s.final_pick < 92 THEN 'offer'
           WHEN s.final_pick < 94 THEN 'do_not_call' ELSE 'interested' END
         END::varchar(20) AS outcome,
         now() - make_interval(days => $5) + (s.g::float8 / $2) * make_interval(days => $5) AS called_at,
         ($4::uuid[])[1 + abs(hashint4(s.g + 17)) % cardinality($4::uuid[])] AS caller_id
       FROM series s JOIN numbered nb ON nb.n = s.t`,
      [campaignId, calls, contacted, callerIds, days],
    );
    // Statistics for the joins below: without them the planner guesses the temporary table's size and may loop over the targets.
    await client.query('ANALYZE generated_call');
    await client.query(
      `INSERT INTO campaigns.call (id, organization_id, campaign_id, company_id, caller_id, outcome, notes, duration_seconds, callback_at, meeting_at, called_at, created_at, updated_at)
       SELECT id, organization_id, $1, company_id, caller_id, outcome, CASE WHEN g % 3 = 0 THEN 'Rappeler le gérant après 14 h' END, 30 + g % 400,
         CASE WHEN outcome = 'callback' THEN called_at + interval '2 days' END, CASE WHEN outcome = 'meeting' THEN called_at + interval '7 days' END,
         called_at, called_at, called_at
       FROM generated_call`,
      [campaignId],
    );
    await client.query(
      `INSERT INTO campaigns.offer (organization_id, campaign_id, call_id, company_id, title, contract_type, positions, rome_code, created_at, updated_at)
       SELECT organization_id, $1, id, company_id, (ARRAY['Apprenti boulanger', 'Vendeuse en boulangerie', 'Commis de cuisine', 'Électricien', 'Coiffeur'])[1 + g % 5],
         (ARRAY['apprenticeship', 'apprenticeship', 'cdi', 'cdd', 'interim', 'internship', 'other'])[1 + g % 7], 1 + g % 3,
         (ARRAY['D1102', 'D1106', 'G1602', 'F1602', 'D1202'])[1 + g % 5], called_at, called_at
       FROM generated_call WHERE outcome = 'offer'`,
      [campaignId],
    );
    // Each called target as its last call left it (docs/campaigns.md, "A call").
    await client.query(
      `WITH reach AS (
         SELECT company_id, bool_or(outcome NOT IN ('no_answer', 'busy', 'wrong_number')) AS reached FROM generated_call GROUP BY company_id
       ), last AS (
         SELECT l.*, r.reached, l.called_at + interval '2 days' AS callback_at FROM generated_call l JOIN reach r USING (company_id) WHERE l.seq = l.n_calls - 1
       )
       UPDATE campaigns.target t SET
         attempts = least(last.n_calls, 32767), last_outcome = last.outcome, last_called_at = last.called_at, contacted = true, reached = last.reached,
         status = CASE WHEN last.outcome IN ('no_answer', 'busy') THEN CASE WHEN last.n_calls >= 5 THEN 'done' ELSE 'pending' END
           WHEN last.outcome = 'callback' THEN 'callback' WHEN last.outcome = 'do_not_call' THEN 'excluded' ELSE 'done' END,
         queue_tier = CASE WHEN last.outcome = 'callback' THEN 0 WHEN last.outcome IN ('no_answer', 'busy') THEN 2 ELSE 1 END,
         queue_key = CASE WHEN last.outcome = 'callback' THEN extract(epoch FROM last.callback_at)
           WHEN last.outcome IN ('no_answer', 'busy') THEN extract(epoch FROM last.called_at) ELSE 0 END,
         available_at = CASE WHEN last.outcome = 'callback' THEN last.callback_at
           WHEN last.outcome IN ('no_answer', 'busy') THEN last.called_at + interval '2 hours' END,
         callback_at = CASE WHEN last.outcome = 'callback' THEN last.callback_at END,
         callback_owner_id = CASE WHEN last.outcome = 'callback' THEN last.caller_id END,
         updated_at = last.called_at
       FROM last WHERE t.campaign_id = $1 AND t.company_id = last.company_id`,
      [campaignId],
    );
    await client.query(
      `INSERT INTO campaigns.company_last_call (organization_id, company_id, campaign_id, last_called_at)
       SELECT organization_id, company_id, $1, max(called_at) FROM generated_call GROUP BY organization_id, company_id
       ON CONFLICT (organization_id, company_id, campaign_id) DO UPDATE SET last_called_at = GREATEST(company_last_call.last_called_at, EXCLUDED.last_called_at)`,
      [campaignId],
    );
    // The campaign existed before its first call (dashboards show its days from its creation on).
    await client.query('UPDATE campaigns.campaign SET created_at = least(created_at, (SELECT min(called_at) FROM generated_call)) WHERE id = $1', [campaignId]);
    await rebuildRollups(client, campaignId);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

// Every rollup of a campaign, recomputed from its targets, calls and offers: what the service's
// incremental updates must add up to. Each query returns (key, values…) rows in a stable order.
const EXPECTED = {
  campaign_rollup: `SELECT $1::uuid AS campaign_id,
      (SELECT count(*) FROM campaigns.target WHERE campaign_id = $1)::int AS targets,
      (SELECT count(*) FROM campaigns.target WHERE campaign_id = $1 AND contacted)::int AS contacted,
      (SELECT count(*) FROM campaigns.target WHERE campaign_id = $1 AND reached)::int AS reached,
      (SELECT count(*) FROM campaigns.call WHERE campaign_id = $1)::int AS calls,
      (SELECT count(*) FROM campaigns.offer WHERE campaign_id = $1)::int AS offers`,
  campaign_count: `SELECT $1::uuid AS campaign_id, 'outcome'::varchar AS dimension, outcome::varchar AS key, count(*)::int AS n FROM campaigns.call WHERE campaign_id = $1 GROUP BY outcome
    UNION ALL
    SELECT $1::uuid, 'contract_type', contract_type, count(*)::int FROM campaigns.offer WHERE campaign_id = $1 GROUP BY contract_type
    ORDER BY 2, 3`,
  campaign_caller_rollup: `SELECT $1::uuid AS campaign_id, caller_id, count(*)::int AS calls, (count(*) FILTER (WHERE outcome NOT IN ('no_answer', 'busy', 'wrong_number')))::int AS reached
    FROM campaigns.call WHERE campaign_id = $1 GROUP BY caller_id ORDER BY caller_id`,
  campaign_day_rollup: `SELECT $1::uuid AS campaign_id, (called_at AT TIME ZONE 'Europe/Paris')::date AS day, count(*)::int AS calls,
      (count(*) FILTER (WHERE outcome NOT IN ('no_answer', 'busy', 'wrong_number')))::int AS reached
    FROM campaigns.call WHERE campaign_id = $1 GROUP BY 2 ORDER BY 2`,
};
const STORED_ORDER = { campaign_rollup: '', campaign_count: 'ORDER BY dimension, key', campaign_caller_rollup: 'ORDER BY caller_id', campaign_day_rollup: 'ORDER BY day' };
const COLUMNS = {
  campaign_rollup: 'campaign_id, targets, contacted, reached, calls, offers',
  campaign_count: 'campaign_id, dimension, key, n',
  campaign_caller_rollup: 'campaign_id, caller_id, calls, reached',
  campaign_day_rollup: 'campaign_id, day, calls, reached',
};

/** Replaces the campaign's rollups with their recomputation from its targets, calls and offers. */
export async function rebuildRollups(client, campaignId) {
  for (const [table, query] of Object.entries(EXPECTED)) {
    await client.query(`DELETE FROM campaigns.${table} WHERE campaign_id = $1`, [campaignId]);
    await client.query(`INSERT INTO campaigns.${table} (${COLUMNS[table]}) ${query}`, [campaignId]);
  }
}

/** The rollups of the campaign that differ from their recomputation: `[]` when they match. */
export async function checkRollups(client, campaignId) {
  const differences = [];
  for (const [table, query] of Object.entries(EXPECTED)) {
    const expected = (await client.query(query, [campaignId])).rows;
    const stored = (await client.query(`SELECT ${COLUMNS[table]} FROM campaigns.${table} WHERE campaign_id = $1 ${STORED_ORDER[table]}`, [campaignId])).rows;
    // A zero row the service may or may not have written (a count that went to 0) is not a difference.
    const significant = (rows) => rows.filter((row) => table === 'campaign_rollup' || Object.entries(row).some(([k, v]) => typeof v === 'number' && v !== 0 && k !== 'campaign_id'));
    const [a, b] = [JSON.stringify(significant(expected)), JSON.stringify(significant(stored))];
    if (a !== b) differences.push({ table, expected: significant(expected).slice(0, 5), stored: significant(stored).slice(0, 5) });
  }
  return differences;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, organizationId, createdBy, targets, calls, callers, days = '90'] = process.argv.slice(2);
  if (!url || !organizationId || !createdBy || !targets || !calls) {
    console.error('usage: node bench/campaign-dataset.mjs <DATABASE_URL> <organizationId> <createdBy> <targets> <calls> [callerId,…] [days=90]');
    process.exit(2);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const campaignId = await createCampaign(client, { organizationId, createdBy, name: `Generated: ${targets} targets, ${calls} calls` });
  await addTargets(client, { organizationId, campaignId, count: Number(targets) });
  if (Number(calls) > 0) await generateCalls(client, { campaignId, calls: Number(calls), callerIds: (callers ?? createdBy).split(','), days: Number(days) });
  const differences = await checkRollups(client, campaignId);
  await client.end();
  if (differences.length > 0) throw new Error(`the rollups do not match the calls: ${JSON.stringify(differences)}`);
  console.log(campaignId);
}
