import type { Campaign, CampaignStatus, Page } from '@app/contracts';
import { decodeTimeIdCursor, hydrateRow, microsecondText, pageSize, preparedQuery, sharedWithSql, toPage } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CampaignEntity } from './campaign.entity.js';
import { type CampaignColumns, toCampaign } from './campaign.mapper.js';

export type UpdateOutcome = { status: 'updated'; campaign: CampaignEntity } | { status: 'not-found' } | { status: 'stale'; version: number };

/**
 * The SQL condition "the campaign row `campaign` (an alias) is readable by the organisation
 * `readerParam`": its own, or shared with it through the campaign's convention, both being parties
 * (docs/sharing.md). What CampaignAccess.readable asks, for the queries that read across campaigns.
 */
export const readableBySql = (campaign: string, readerParam: string): string =>
  `(${campaign}."organization_id" = ${readerParam} OR ${sharedWithSql('campaigns', `${campaign}."convention_id"`, `${campaign}."organization_id"`, readerParam)})`;

const READABLE_SQL = readableBySql('c', '$1');

/**
 * Every query but `conventionsOf` (internal, below) is scoped by `organizationId`: another organisation's rows are never read or written.
 * Reads that let partners in (findReadable, list) also return the campaigns shared with the reader.
 */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The campaign, if `readerOrganizationId` owns it or shares its convention with its owner. */
  async findReadable(readerOrganizationId: string, id: string, tx: EntityManager = this.dataSource.manager): Promise<CampaignEntity | null> {
    const rows = await preparedQuery<Record<string, unknown>>(tx, 'campaigns.campaign.find-readable', `SELECT c.* FROM "campaigns"."campaign" c WHERE c."id" = $2 AND ${READABLE_SQL}`, [
      readerOrganizationId,
      id,
    ]);
    return rows.length > 0 ? hydrateRow(tx, CampaignEntity, rows[0]!) : null;
  }

  findOne(organizationId: string, id: string, tx: EntityManager = this.dataSource.manager): Promise<CampaignEntity | null> {
    return tx.getRepository(CampaignEntity).findOneBy({ organizationId, id });
  }

  /**
   * Reads the campaign and locks it until the transaction ends: `share` for work that depends on its
   * status (adding targets: no change of status interleaves), `update` for a change (it is checked
   * against the state it replaces).
   */
  async findOneLocked(tx: EntityManager, organizationId: string, id: string, lock: 'share' | 'update'): Promise<CampaignEntity | null> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT * FROM "campaigns"."campaign" WHERE "organization_id" = $1 AND "id" = $2 ${lock === 'share' ? 'FOR SHARE' : 'FOR UPDATE'}`,
      [organizationId, id],
    );
    return rows.length > 0 ? hydrateRow(tx, CampaignEntity, rows[0]!) : null;
  }

  /** Inserts the campaign (draft) and its rollup row, which calls and targets then keep up to date. */
  async insert(tx: EntityManager, organizationId: string, createdBy: string, columns: CampaignColumns): Promise<CampaignEntity> {
    const result = await tx
      .getRepository(CampaignEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...columns, status: 'draft', organizationId, createdBy })
      .returning('*')
      .execute();
    const campaign = hydrateRow(tx, CampaignEntity, result.raw[0]);
    await tx.query(`INSERT INTO "campaigns"."campaign_rollup" ("campaign_id") VALUES ($1)`, [campaign.id]);
    return campaign;
  }

  /** Applies `columns` only when the row is still at `expectedVersion` (checked in the UPDATE's WHERE clause). */
  async update(tx: EntityManager, organizationId: string, id: string, columns: CampaignColumns, expectedVersion: number): Promise<UpdateOutcome> {
    const result = await tx
      .getRepository(CampaignEntity)
      .createQueryBuilder()
      .update()
      .set({ ...columns, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND organization_id = :organizationId AND version = :expectedVersion', { id, organizationId, expectedVersion })
      .returning('*')
      .execute();
    if (result.raw.length > 0) return { status: 'updated', campaign: hydrateRow(tx, CampaignEntity, result.raw[0]) };
    const current = await this.findOne(organizationId, id, tx);
    return current ? { status: 'stale', version: current.version } : { status: 'not-found' };
  }

  /**
   * One page of the campaigns the organisation reads, newest first (created_at, then id, both
   * descending): its own and, with `shared`, those shared with it. Each kind is read in order from
   * its index (own: campaign_organization_id_created_at_idx; shared: through the organisation's
   * conventions) and the two merged. The cursor carries created_at to the microsecond, as text: a
   * JavaScript Date would round it to the millisecond and skip or repeat campaigns created within the same one.
   */
  async list(organizationId: string, query: { status?: CampaignStatus; limit?: number; cursor?: string; shared: boolean }): Promise<Page<Campaign>> {
    const size = pageSize(query.limit);
    const params: unknown[] = [organizationId];
    const conditions: string[] = [];
    if (query.status) conditions.push(`c."status" = $${params.push(query.status)}`);
    if (query.cursor) {
      const { at, id } = decodeTimeIdCursor(query.cursor);
      conditions.push(`(c."created_at", c."id") < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const limit = `$${params.push(size + 1)}`;
    const page = (where: string) => `(SELECT c.* FROM "campaigns"."campaign" c WHERE ${[where, ...conditions].join(' AND ')} ORDER BY c."created_at" DESC, c."id" DESC LIMIT ${limit})`;
    const own = page(`c."organization_id" = $1`);
    // The IN list lets the planner start from the reader's conventions (campaign_convention_id_idx).
    const shared = page(
      `c."organization_id" <> $1 AND c."convention_id" IN (SELECT p."convention_id" FROM "campaigns"."convention_party" p WHERE p."organization_id" = $1) AND ${READABLE_SQL}`,
    );
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.*, ${microsecondText('c."created_at"')} AS "cursor_created_at"
       FROM (${query.shared ? `${own} UNION ALL ${shared}` : own}) c
       ORDER BY c."created_at" DESC, c."id" DESC LIMIT ${limit}`,
      params,
    );
    const manager = this.dataSource.manager;
    return toPage(
      rows,
      size,
      (row) => toCampaign(hydrateRow(manager, CampaignEntity, row)),
      (row) => [row.cursor_created_at as string, row.id as string],
    );
  }

  /**
   * The convention of each of `ids` that names a campaign, whatever its organisation: the one query
   * not scoped to an organisation, for the conventions service alone (CampaignConventions), which
   * only checks an indicator's campaigns against its convention and passes nothing on.
   */
  async conventionsOf(ids: string[]): Promise<{ id: string; conventionId: string | null }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(`SELECT "id", "convention_id" AS "conventionId" FROM "campaigns"."campaign" WHERE "id" = ANY($1::uuid[])`, [ids]);
  }
}
