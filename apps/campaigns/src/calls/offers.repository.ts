import type { ListOffers, Offer, Page, UpdateOffer } from '@app/contracts';
import { decodeTimeIdCursor, microsecondText, pageSize, preparedQuery, toPage } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readableBySql } from '../campaigns/campaigns.repository.js';
import { type OfferRow, toOffer } from './call.rows.js';

export type OfferUpdateOutcome = { status: 'updated'; offer: Offer } | { status: 'not-found' } | { status: 'stale'; version: number };

// An offer with its campaign's and company's names.
const OFFERS = `
  SELECT o.*, cp."name" AS "campaign_name", s."name" AS "company_name", ${microsecondText('o."created_at"')} AS "cursor_at"
  FROM "campaigns"."offer" o
  JOIN "campaigns"."campaign" cp ON cp."id" = o."campaign_id"
  LEFT JOIN "campaigns"."company_summary" s ON s."id" = o."company_id" AND s."organization_id" = o."organization_id"`;

/** `%`, `_` and `\` of a search text are matched as themselves by ILIKE. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * The organisation's offers (the hidden-market board). Every query is scoped by `organizationId`:
 * the offers' own (a shared campaign's offers are its owner's), or the reader's campaigns (findReadable).
 */
@Injectable()
export class OffersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findOne(organizationId: string, id: string, tx: EntityManager = this.dataSource.manager): Promise<Offer | null> {
    const rows = await preparedQuery<OfferRow>(tx, 'campaigns.offer.find-one', `${OFFERS} WHERE o."organization_id" = $1 AND o."id" = $2`, [organizationId, id]);
    return rows[0] ? toOffer(rows[0]) : null;
  }

  /** The offer, if `readerOrganizationId` reads its campaign: its own, or one shared with it (docs/sharing.md). */
  async findReadable(readerOrganizationId: string, id: string): Promise<Offer | null> {
    const rows = await preparedQuery<OfferRow>(this.dataSource.manager, 'campaigns.offer.find-readable', `${OFFERS} WHERE o."id" = $2 AND ${readableBySql('cp', '$1')}`, [readerOrganizationId, id]);
    return rows[0] ? toOffer(rows[0]) : null;
  }

  /** Newest first (created_at, then id, both descending), through the organisation's offers index. */
  async list(organizationId: string, query: ListOffers.Request): Promise<Page<Offer>> {
    const size = pageSize(query.limit);
    const params: unknown[] = [organizationId];
    const conditions = [`o."organization_id" = $1`];
    if (query.contractType) conditions.push(`o."contract_type" = $${params.push(query.contractType)}`);
    if (query.status) conditions.push(`o."status" = $${params.push(query.status)}`);
    if (query.campaignId) conditions.push(`o."campaign_id" = $${params.push(query.campaignId)}`);
    if (query.q) {
      const pattern = `$${params.push(likePattern(query.q))}`;
      conditions.push(`(o."title" ILIKE ${pattern} OR o."description" ILIKE ${pattern} OR s."name" ILIKE ${pattern})`);
    }
    if (query.cursor) {
      const { at, id } = decodeTimeIdCursor(query.cursor);
      conditions.push(`(o."created_at", o."id") < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows: (OfferRow & { cursor_at: string })[] = await this.dataSource.query(
      `${OFFERS} WHERE ${conditions.join(' AND ')} ORDER BY o."created_at" DESC, o."id" DESC LIMIT $${params.push(size + 1)}`,
      params,
    );
    return toPage(rows, size, toOffer, (row) => [row.cursor_at, row.id]);
  }

  /** Applies the changes only at `expectedVersion` (checked in the UPDATE's WHERE clause). */
  async update(tx: EntityManager, organizationId: string, id: string, changes: UpdateOffer.OfferChanges, expectedVersion: number): Promise<OfferUpdateOutcome> {
    const rows: unknown[] = await preparedQuery(
      tx,
      'campaigns.offer.update',
      `UPDATE "campaigns"."offer" SET
         "status" = coalesce($4, "status"), "title" = coalesce($5, "title"), "positions" = coalesce($6::integer, "positions"),
         "rome_code" = CASE WHEN $7 THEN $8 ELSE "rome_code" END,
         "description" = CASE WHEN $9 THEN $10 ELSE "description" END,
         "version" = "version" + 1, "updated_at" = now()
       WHERE "organization_id" = $1 AND "id" = $2 AND "version" = $3
       RETURNING "id"`,
      [
        organizationId,
        id,
        expectedVersion,
        changes.status ?? null,
        changes.title ?? null,
        changes.positions ?? null,
        changes.romeCode !== undefined,
        changes.romeCode ?? null,
        changes.description !== undefined,
        changes.description ?? null,
      ],
    );
    const current = await this.findOne(organizationId, id, tx);
    if (!current) return { status: 'not-found' };
    return rows.length > 0 ? { status: 'updated', offer: current } : { status: 'stale', version: current.version };
  }
}
