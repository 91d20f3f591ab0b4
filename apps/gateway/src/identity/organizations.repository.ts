import type { Page } from '@app/contracts';
import { decodeTextIdCursor, pageSize, toPage } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { CreateOrganizationBody, OrganizationListItem } from './identity.dto.js';
import { OrganizationEntity } from './identity.entities.js';

/** The `identity.organization` table: the tenants. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(tx: EntityManager, body: CreateOrganizationBody): Promise<OrganizationEntity> {
    const organizations = tx.getRepository(OrganizationEntity);
    return organizations.save(organizations.create(body));
  }

  findById(id: string): Promise<OrganizationEntity | null> {
    return this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
  }

  /** True when the organisation exists; in a transaction, `lock` holds its row until the transaction ends. */
  async exists(id: string, within?: { tx: EntityManager; lock: 'pessimistic_read' | 'pessimistic_write' }): Promise<boolean> {
    const manager = within?.tx ?? this.dataSource.manager;
    const row = await manager.getRepository(OrganizationEntity).findOne({ where: { id }, select: { id: true }, ...(within ? { lock: { mode: within.lock } } : {}) });
    return row !== null;
  }

  /** The names of the organisations among `ids` that exist, in one query. */
  async names(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(OrganizationEntity).find({ where: { id: In(unique) }, select: { id: true, name: true } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * One page of organisations by (name, id), id, name and kind only: every organisation when `only`
   * is null, otherwise those among `only`. A keyset walk returns each exactly once.
   */
  async page(only: readonly string[] | null, limit: number | undefined, cursor: string | undefined): Promise<Page<OrganizationListItem>> {
    const size = pageSize(limit);
    const query = this.dataSource
      .getRepository(OrganizationEntity)
      .createQueryBuilder('organization')
      .select(['organization.id', 'organization.name', 'organization.kind'])
      .orderBy('organization.name', 'ASC')
      .addOrderBy('organization.id', 'ASC')
      .limit(size + 1);
    if (only) query.where('organization.id = ANY(:only)', { only: [...only] });
    if (cursor) {
      const { text: name, id } = decodeTextIdCursor(cursor);
      query.andWhere('(organization.name, organization.id) > (:name, :id)', { name, id });
    }
    return toPage(await query.getMany(), size, ({ id, name, kind }) => ({ id, name, kind }), (row) => [row.name, row.id]);
  }
}
