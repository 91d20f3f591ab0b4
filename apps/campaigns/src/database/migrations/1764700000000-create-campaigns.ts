import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The call queue and what it produces: campaigns, their targets (the queue itself: a claim is a
 * lease written on the target row), calls, offers, and the rollups that dashboards read instead of
 * scanning calls. docs/campaigns.md explains the states and the queue order.
 */
export class CreateCampaigns1764700000000 implements MigrationInterface {
  name = 'CreateCampaigns1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The company card of a claim: the rest of what the call queue shows of a company.
    await queryRunner.query(`
      ALTER TABLE "campaigns"."company_summary"
        ADD COLUMN "naf_label" varchar(300),
        ADD COLUMN "size_band" varchar(2),
        ADD COLUMN "address_line" varchar(300)`);

    await queryRunner.query(`
      CREATE TABLE "campaigns"."campaign" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "name" varchar(200) NOT NULL,
        "description" text,
        "script" text,
        "status" varchar(10) NOT NULL DEFAULT 'draft' CHECK ("status" IN ('draft', 'active', 'paused', 'closed')),
        "starts_on" date,
        "ends_on" date,
        "goal_companies_to_contact" integer,
        "convention_id" uuid,
        "cooldown_days" smallint NOT NULL DEFAULT 7,
        "created_by" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "campaign_organization_id_created_at_idx" ON "campaigns"."campaign" ("organization_id", "created_at" DESC, "id")`);
    await queryRunner.query(`CREATE INDEX "campaign_convention_id_idx" ON "campaigns"."campaign" ("convention_id") WHERE "convention_id" IS NOT NULL`);

    // One row per company in a campaign. The queue order is (queue_tier, queue_key): tier 0 callbacks by
    // their time, tier 1 never-called targets by hiring potential (key = -potential), tier 2 retries by
    // their last call. `available_at` holds a retry (2 h) or a callback back until it is due.
    await queryRunner.query(`
      CREATE TABLE "campaigns"."target" (
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "company_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "status" varchar(10) NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'claimed', 'callback', 'done', 'excluded')),
        "queue_tier" smallint NOT NULL DEFAULT 1,
        "queue_key" double precision NOT NULL DEFAULT 0,
        "available_at" timestamptz,
        "attempts" smallint NOT NULL DEFAULT 0,
        "last_outcome" varchar(20),
        "last_called_at" timestamptz,
        "callback_at" timestamptz,
        "callback_owner_id" uuid,
        "claim_id" uuid,
        "claimed_by" uuid,
        "claim_expires_at" timestamptz,
        "contacted" boolean NOT NULL DEFAULT false,
        "reached" boolean NOT NULL DEFAULT false,
        "added_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "target_pkey" PRIMARY KEY ("campaign_id", "company_id")
      )`);
    // The claim's scan: only what can be handed out, already in queue order.
    await queryRunner.query(`
      CREATE INDEX "target_queue_idx" ON "campaigns"."target" ("campaign_id", "queue_tier", "queue_key", "company_id")
      WHERE "status" IN ('pending', 'callback')`);
    await queryRunner.query(`CREATE UNIQUE INDEX "target_claim_id_idx" ON "campaigns"."target" ("claim_id") WHERE "claim_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "target_claim_expires_at_idx" ON "campaigns"."target" ("claim_expires_at") WHERE "status" = 'claimed'`);
    await queryRunner.query(`CREATE INDEX "target_callbacks_idx" ON "campaigns"."target" ("callback_owner_id", "callback_at") WHERE "status" = 'callback'`);
    await queryRunner.query(`CREATE INDEX "target_campaign_callbacks_idx" ON "campaigns"."target" ("campaign_id", "callback_at") WHERE "status" = 'callback'`);
    await queryRunner.query(`CREATE INDEX "target_organization_id_company_id_idx" ON "campaigns"."target" ("organization_id", "company_id")`);
    await queryRunner.query(`CREATE INDEX "target_campaign_id_status_idx" ON "campaigns"."target" ("campaign_id", "status", "company_id")`);

    // The last call per company and campaign: the cross-campaign cooldown reads it in the claim.
    await queryRunner.query(`
      CREATE TABLE "campaigns"."company_last_call" (
        "organization_id" uuid NOT NULL,
        "company_id" uuid NOT NULL,
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "last_called_at" timestamptz NOT NULL,
        CONSTRAINT "company_last_call_pkey" PRIMARY KEY ("organization_id", "company_id", "campaign_id")
      )`);

    // Calls are immutable but for their notes. caller_id is the member who logged it; a contact's erasure
    // clears contact_id (the outcome and date stay).
    await queryRunner.query(`
      CREATE TABLE "campaigns"."call" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "company_id" uuid NOT NULL,
        "contact_id" uuid,
        "caller_id" uuid NOT NULL,
        "outcome" varchar(20) NOT NULL CHECK ("outcome" IN ('no_answer', 'busy', 'wrong_number', 'callback', 'not_interested', 'interested', 'meeting', 'offer', 'do_not_call')),
        "notes" text,
        "duration_seconds" integer,
        "callback_at" timestamptz,
        "meeting_at" timestamptz,
        "called_at" timestamptz NOT NULL DEFAULT now(),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "call_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "call_campaign_id_called_at_idx" ON "campaigns"."call" ("campaign_id", "called_at" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "call_organization_id_company_id_idx" ON "campaigns"."call" ("organization_id", "company_id", "called_at" DESC)`);
    await queryRunner.query(`CREATE INDEX "call_contact_id_idx" ON "campaigns"."call" ("contact_id") WHERE "contact_id" IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE "campaigns"."offer" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "call_id" uuid NOT NULL REFERENCES "campaigns"."call" ("id") ON DELETE CASCADE,
        "company_id" uuid NOT NULL,
        "title" varchar(200) NOT NULL,
        "contract_type" varchar(20) NOT NULL CHECK ("contract_type" IN ('apprenticeship', 'cdi', 'cdd', 'interim', 'internship', 'other')),
        "positions" integer NOT NULL DEFAULT 1,
        "rome_code" varchar(5),
        "description" text,
        "status" varchar(10) NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'filled', 'closed')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "offer_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "offer_organization_id_created_at_idx" ON "campaigns"."offer" ("organization_id", "created_at" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "offer_call_id_idx" ON "campaigns"."offer" ("call_id")`);
    await queryRunner.query(`CREATE INDEX "offer_organization_id_company_id_idx" ON "campaigns"."offer" ("organization_id", "company_id")`);

    // Rollups, changed in the call's own transaction: a dashboard reads a few rows whatever the number of calls.
    // One row per campaign (targets, contacted, reached, calls, offers);
    await queryRunner.query(`
      CREATE TABLE "campaigns"."campaign_rollup" (
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "targets" integer NOT NULL DEFAULT 0,
        "contacted" integer NOT NULL DEFAULT 0,
        "reached" integer NOT NULL DEFAULT 0,
        "calls" integer NOT NULL DEFAULT 0,
        "offers" integer NOT NULL DEFAULT 0,
        CONSTRAINT "campaign_rollup_pkey" PRIMARY KEY ("campaign_id")
      )`);
    // counts by outcome (dimension 'outcome') and offers by contract type (dimension 'contract_type');
    await queryRunner.query(`
      CREATE TABLE "campaigns"."campaign_count" (
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "dimension" varchar(20) NOT NULL,
        "key" varchar(20) NOT NULL,
        "n" integer NOT NULL DEFAULT 0,
        CONSTRAINT "campaign_count_pkey" PRIMARY KEY ("campaign_id", "dimension", "key")
      )`);
    // calls and reaching calls per caller, and per day (Europe/Paris).
    await queryRunner.query(`
      CREATE TABLE "campaigns"."campaign_caller_rollup" (
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "caller_id" uuid NOT NULL,
        "calls" integer NOT NULL DEFAULT 0,
        "reached" integer NOT NULL DEFAULT 0,
        CONSTRAINT "campaign_caller_rollup_pkey" PRIMARY KEY ("campaign_id", "caller_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "campaigns"."campaign_day_rollup" (
        "campaign_id" uuid NOT NULL REFERENCES "campaigns"."campaign" ("id") ON DELETE CASCADE,
        "day" date NOT NULL,
        "calls" integer NOT NULL DEFAULT 0,
        "reached" integer NOT NULL DEFAULT 0,
        CONSTRAINT "campaign_day_rollup_pkey" PRIMARY KEY ("campaign_id", "day")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['campaign_day_rollup', 'campaign_caller_rollup', 'campaign_count', 'campaign_rollup', 'offer', 'call', 'company_last_call', 'target', 'campaign']) {
      await queryRunner.query(`DROP TABLE "campaigns"."${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "campaigns"."company_summary" DROP COLUMN "naf_label", DROP COLUMN "size_band", DROP COLUMN "address_line"`);
  }
}
