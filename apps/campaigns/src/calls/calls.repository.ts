import { type Call, type CallOutcome, type ListCalls, type OfferContractType, type OfferFields, type Page, RETRY_DELAY_HOURS, type TargetStatus } from '@app/contracts';
import { decodeTimeIdCursor, microsecondText, pageSize, preparedQuery, toPage } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type CallRow, type OfferRow, toCall } from './call.rows.js';
import type { TargetAfterCall } from './target-outcome.js';

/** The target as a call finds it, locked until the call's transaction ends. */
export interface LockedTarget {
  status: TargetStatus;
  attempts: number;
  contacted: boolean;
  reached: boolean;
  claimedBy: string | null;
  /** Someone holds a lease on it that has not expired. */
  claimLive: boolean;
}

export interface NewCall {
  organizationId: string;
  campaignId: string;
  companyId: string;
  contactId: string | null;
  callerId: string;
  outcome: CallOutcome;
  notes: string | null;
  durationSeconds: number | null;
  callbackAt: string | null;
  meetingAt: string | null;
}

export type NotesOutcome = { status: 'updated'; call: Call } | { status: 'not-found' } | { status: 'stale'; version: number };

// The company's name comes from the campaigns service's own summary of the registry.
const COMPANY_NAME = `(SELECT s."name" FROM "campaigns"."company_summary" s WHERE s."id" = "call"."company_id" AND s."organization_id" = "call"."organization_id") AS "company_name"`;

const OFFERS_OF_CALLS = `
  SELECT o.*, cp."name" AS "campaign_name", s."name" AS "company_name"
  FROM "campaigns"."offer" o
  JOIN "campaigns"."campaign" cp ON cp."id" = o."campaign_id"
  LEFT JOIN "campaigns"."company_summary" s ON s."id" = o."company_id" AND s."organization_id" = o."organization_id"
  WHERE o."organization_id" = $1 AND o."call_id" = ANY($2::uuid[])
  ORDER BY o."created_at", o."id"`;

/**
 * Calls, their offers, and what logging a call changes: the target, the last call per company,
 * the rollups. Every query is scoped by `organizationId`.
 */
@Injectable()
export class CallsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lockTarget(tx: EntityManager, organizationId: string, campaignId: string, companyId: string): Promise<LockedTarget | null> {
    const rows = await preparedQuery<{ status: TargetStatus; attempts: number; contacted: boolean; reached: boolean; claimed_by: string | null; claim_live: boolean }>(
      tx,
      'campaigns.call.lock-target',
      `SELECT "status", "attempts", "contacted", "reached", "claimed_by", coalesce("claim_expires_at" > now(), false) AS "claim_live"
       FROM "campaigns"."target" WHERE "campaign_id" = $1 AND "company_id" = $2 AND "organization_id" = $3 FOR UPDATE`,
      [campaignId, companyId, organizationId],
    );
    const row = rows[0];
    return row
      ? { status: row.status, attempts: row.attempts, contacted: row.contacted, reached: row.reached, claimedBy: row.claimed_by, claimLive: row.status === 'claimed' && row.claim_live }
      : null;
  }

  async insertCall(tx: EntityManager, call: NewCall): Promise<CallRow> {
    const rows = await preparedQuery<CallRow>(
      tx,
      'campaigns.call.insert',
      `INSERT INTO "campaigns"."call"
         ("organization_id", "campaign_id", "company_id", "contact_id", "caller_id", "outcome", "notes", "duration_seconds", "callback_at", "meeting_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING "call".*, ${COMPANY_NAME}`,
      [call.organizationId, call.campaignId, call.companyId, call.contactId, call.callerId, call.outcome, call.notes, call.durationSeconds, call.callbackAt, call.meetingAt],
    );
    return rows[0]!;
  }

  /** The call's offers in one statement, in the order given (they are listed in that order). */
  async insertOffers(tx: EntityManager, call: CallRow, campaignName: string, offers: OfferFields[]): Promise<OfferRow[]> {
    const rows = await preparedQuery<Omit<OfferRow, 'campaign_name' | 'company_name'>>(
      tx,
      'campaigns.offer.insert',
      `INSERT INTO "campaigns"."offer"
         ("organization_id", "campaign_id", "call_id", "company_id", "title", "contract_type", "positions", "rome_code", "description", "created_at", "updated_at")
       SELECT $1, $2, $3, $4, o."title", o."contract_type", o."positions", o."rome_code", o."description", o."at", o."at"
       FROM (
         -- A microsecond apart, in the order given: every list of offers (created_at, then id) keeps that order.
         SELECT *, now() + make_interval(secs => o."position" / 1e6) AS "at"
         FROM unnest($5::text[], $6::text[], $7::integer[], $8::text[], $9::text[]) WITH ORDINALITY
           AS o("title", "contract_type", "positions", "rome_code", "description", "position")
       ) AS o
       ORDER BY o."position"
       RETURNING *`,
      [
        call.organization_id,
        call.campaign_id,
        call.id,
        call.company_id,
        offers.map((offer) => offer.title),
        offers.map((offer) => offer.contractType),
        offers.map((offer) => offer.positions ?? 1),
        offers.map((offer) => offer.romeCode ?? null),
        offers.map((offer) => offer.description ?? null),
      ],
    );
    return rows.map((row) => ({ ...row, campaign_name: campaignName, company_name: call.company_name }));
  }

  /**
   * The target after the call (docs/campaigns.md, "A call"): the lease cleared, the new status and
   * place in the queue, one more attempt; and the company's last call in this campaign, which the
   * cooldown of the organisation's other campaigns reads.
   */
  async moveTarget(tx: EntityManager, organizationId: string, campaignId: string, companyId: string, callerId: string, outcome: CallOutcome, after: TargetAfterCall, callbackAt: string | null): Promise<void> {
    await preparedQuery(
      tx,
      'campaigns.call.move-target',
      `WITH "moved" AS (
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
      [campaignId, companyId, organizationId, after.status, after.queueTier, after.schedule, callbackAt, RETRY_DELAY_HOURS, callerId, outcome, after.reaching],
    );
  }

  /**
   * Counts the call in the campaign's rollups, in one statement: the last of the call's transaction,
   * because the campaign's rows are shared by every caller of the campaign and stay locked until
   * the commit. Rows are always taken in the same order (the campaign's row, the caller's, the
   * day's, then the counts by dimension and key), so two calls never wait on each other in a cycle.
   */
  async addToRollups(tx: EntityManager, campaignId: string, callerId: string, outcome: CallOutcome, after: TargetAfterCall, contractTypes: OfferContractType[]): Promise<void> {
    const counts = new Map<string, number>([[`outcome\u0000${outcome}`, 1]]);
    for (const type of contractTypes) counts.set(`contract_type\u0000${type}`, (counts.get(`contract_type\u0000${type}`) ?? 0) + 1);
    const keys = [...counts.keys()].sort();
    await preparedQuery(
      tx,
      'campaigns.call.add-to-rollups',
      `WITH "by_caller" AS (
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
      [
        campaignId,
        callerId,
        after.reaching ? 1 : 0,
        keys.map((key) => key.split('\u0000')[0]),
        keys.map((key) => key.split('\u0000')[1]),
        keys.map((key) => counts.get(key)!),
        after.firstContact ? 1 : 0,
        after.firstReach ? 1 : 0,
        contractTypes.length,
      ],
    );
  }

  async findCall(organizationId: string, campaignId: string, id: string, tx: EntityManager = this.dataSource.manager): Promise<Call | null> {
    const rows = await preparedQuery<CallRow>(
      tx,
      'campaigns.call.find-one',
      `SELECT "call".*, ${COMPANY_NAME} FROM "campaigns"."call" WHERE "organization_id" = $1 AND "campaign_id" = $2 AND "id" = $3`,
      [organizationId, campaignId, id],
    );
    return rows[0] ? (await this.withOffers(tx, organizationId, rows))[0]! : null;
  }

  /** A campaign's calls, newest first (called_at, then id, both descending), through the campaign's calls index. */
  async list(organizationId: string, campaignId: string, query: Omit<ListCalls.Request, 'campaignId'>): Promise<Page<Call>> {
    const size = pageSize(query.limit);
    const params: unknown[] = [organizationId, campaignId];
    const conditions = [`"organization_id" = $1`, `"campaign_id" = $2`];
    if (query.callerId) conditions.push(`"caller_id" = $${params.push(query.callerId)}`);
    if (query.outcome) conditions.push(`"outcome" = $${params.push(query.outcome)}`);
    if (query.from) conditions.push(`"called_at" >= $${params.push(query.from)}::timestamptz`);
    if (query.to) conditions.push(`"called_at" < $${params.push(query.to)}::timestamptz`);
    if (query.cursor) {
      const { at, id } = decodeTimeIdCursor(query.cursor);
      conditions.push(`("called_at", "id") < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows: (CallRow & { cursor_at: string })[] = await this.dataSource.query(
      `SELECT "call".*, ${COMPANY_NAME}, ${microsecondText('"called_at"')} AS "cursor_at"
       FROM "campaigns"."call" WHERE ${conditions.join(' AND ')}
       ORDER BY "called_at" DESC, "id" DESC LIMIT $${params.push(size + 1)}`,
      params,
    );
    const page = toPage(rows, size, (row) => row, (row) => [row.cursor_at, row.id]);
    return { items: await this.withOffers(this.dataSource.manager, organizationId, page.items), nextCursor: page.nextCursor };
  }

  /** Changes the notes only at `expectedVersion` (checked in the UPDATE's WHERE clause). */
  async updateNotes(tx: EntityManager, organizationId: string, campaignId: string, id: string, notes: string | null, expectedVersion: number): Promise<NotesOutcome> {
    const rows = await preparedQuery<CallRow>(
      tx,
      'campaigns.call.update-notes',
      `UPDATE "campaigns"."call" SET "notes" = $4, "version" = "version" + 1, "updated_at" = now()
       WHERE "organization_id" = $1 AND "campaign_id" = $2 AND "id" = $3 AND "version" = $5
       RETURNING "call".*, ${COMPANY_NAME}`,
      [organizationId, campaignId, id, notes, expectedVersion],
    );
    if (rows.length > 0) return { status: 'updated', call: (await this.withOffers(tx, organizationId, rows))[0]! };
    const current = await this.findCall(organizationId, campaignId, id, tx);
    return current ? { status: 'stale', version: current.version } : { status: 'not-found' };
  }

  /** An erased contact: the calls that named them keep their outcome, date and notes, not the contact. */
  async forgetContact(tx: EntityManager, organizationId: string, contactId: string): Promise<number> {
    const rows: unknown[] = await preparedQuery(
      tx,
      'campaigns.call.forget-contact',
      `UPDATE "campaigns"."call" SET "contact_id" = NULL, "version" = "version" + 1, "updated_at" = now()
       WHERE "organization_id" = $1 AND "contact_id" = $2 RETURNING "id"`,
      [organizationId, contactId],
    );
    return rows.length;
  }

  /** The calls that name a contact, newest first: their part of a right-of-access export. */
  async namingContact(organizationId: string, contactId: string): Promise<Call[]> {
    const rows: CallRow[] = await this.dataSource.query(
      `SELECT "call".*, ${COMPANY_NAME} FROM "campaigns"."call" WHERE "organization_id" = $1 AND "contact_id" = $2 ORDER BY "called_at" DESC, "id" DESC`,
      [organizationId, contactId],
    );
    return this.withOffers(this.dataSource.manager, organizationId, rows);
  }

  private async withOffers(tx: EntityManager, organizationId: string, rows: CallRow[]): Promise<Call[]> {
    if (rows.length === 0) return [];
    const offers = await preparedQuery<OfferRow>(tx, 'campaigns.offer.of-calls', OFFERS_OF_CALLS, [organizationId, rows.map((row) => row.id)]);
    const byCall = new Map<string, OfferRow[]>();
    for (const offer of offers) byCall.set(offer.call_id, [...(byCall.get(offer.call_id) ?? []), offer]);
    return rows.map((row) => toCall(row, byCall.get(row.id) ?? []));
  }
}
