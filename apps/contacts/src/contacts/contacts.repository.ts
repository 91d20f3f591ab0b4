import type { Contact, Page } from '@app/contracts';
import { decodeCursor, invalidCursorError, hydrateRow, pageSize, toPage } from '@app/platform';
import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type ObjectLiteral } from 'typeorm';
import { ContactEntity } from './contact.entity.js';
import type { ContactColumns } from './contact.mapper.js';
import { toContact } from './contact.mapper.js';

export type UpdateOutcome = { status: 'updated'; contact: ContactEntity } | { status: 'not-found' } | { status: 'stale'; version: number };

/** Extra columns a write sets besides the client's fields. */
export interface OptOutColumn {
  /** `now` stamps the moment of the objection; null clears it. */
  optedOutAt?: 'now' | null;
}

/** Every query is scoped by `organizationId`: another organisation's rows are never read or written. */
@Injectable()
export class ContactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findOne(organizationId: string, id: string, tx: EntityManager = this.dataSource.manager): Promise<ContactEntity | null> {
    return tx.getRepository(ContactEntity).findOneBy({ organizationId, id });
  }

  /** Reads and locks the row until the transaction ends: a change compares against the state it replaces. */
  lockOne(tx: EntityManager, organizationId: string, id: string): Promise<ContactEntity | null> {
    return tx
      .getRepository(ContactEntity)
      .createQueryBuilder('contact')
      .where('contact.organization_id = :organizationId AND contact.id = :id', { organizationId, id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async insert(tx: EntityManager, organizationId: string, companyId: string, columns: ContactColumns & OptOutColumn): Promise<ContactEntity> {
    const result = await tx
      .getRepository(ContactEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...withOptOutStamp(columns), organizationId, companyId })
      .returning('*')
      .execute();
    return hydrateRow(tx, ContactEntity, result.raw[0]);
  }

  /**
   * Applies `columns` only when the row is still at `expectedVersion`: the check is in
   * the UPDATE's WHERE clause, so two concurrent changes cannot both win.
   */
  async update(
    tx: EntityManager,
    organizationId: string,
    id: string,
    columns: ContactColumns & OptOutColumn,
    expectedVersion: number,
  ): Promise<UpdateOutcome> {
    const query = tx
      .getRepository(ContactEntity)
      .createQueryBuilder()
      .update()
      .set({ ...withOptOutStamp(columns), version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND organization_id = :organizationId', { id, organizationId });
    query.andWhere('version = :expectedVersion', { expectedVersion });
    const result = await query.returning('*').execute();
    if (result.raw.length > 0) return { status: 'updated', contact: hydrateRow(tx, ContactEntity, result.raw[0]) };
    const current = await this.findOne(organizationId, id, tx);
    return current ? { status: 'stale', version: current.version } : { status: 'not-found' };
  }

  /** Deletes one contact; returns its company, or undefined when there was no such contact. */
  async delete(tx: EntityManager, organizationId: string, id: string): Promise<string | undefined> {
    const result = await tx.getRepository(ContactEntity).createQueryBuilder().delete().where({ organizationId, id }).returning('company_id').execute();
    return (result.raw as { company_id: string }[])[0]?.company_id;
  }

  /** Deletes every contact of a company; returns their ids. */
  async deleteForCompany(tx: EntityManager, organizationId: string, companyId: string): Promise<string[]> {
    const result = await tx.getRepository(ContactEntity).createQueryBuilder().delete().where({ organizationId, companyId }).returning('id').execute();
    return (result.raw as { id: string }[]).map((row) => row.id);
  }

  /** One page of a company's contacts ordered by (last_name, id): a keyset walk returns each exactly once. */
  async list(organizationId: string, companyId: string, limit: number | undefined, cursor: string | undefined): Promise<Page<Contact>> {
    const size = pageSize(limit);
    const query = this.dataSource
      .getRepository(ContactEntity)
      .createQueryBuilder('contact')
      .where('contact.organization_id = :organizationId AND contact.company_id = :companyId', { organizationId, companyId })
      .orderBy('contact.last_name', 'ASC')
      .addOrderBy('contact.id', 'ASC')
      .limit(size + 1);
    if (cursor) {
      const [lastName, id] = decodeCursor(cursor, 2);
      if (typeof lastName !== 'string' || typeof id !== 'string' || !isUUID(id)) throw invalidCursorError();
      query.andWhere('(contact.last_name, contact.id) > (:lastName, :id)', { lastName, id });
    }
    const rows = await query.getMany();
    return toPage(rows, size, toContact, (row) => [row.lastName, row.id]);
  }
}

function withOptOutStamp({ optedOutAt, ...columns }: ContactColumns & OptOutColumn): ObjectLiteral {
  if (optedOutAt === undefined) return columns;
  return { ...columns, optedOutAt: optedOutAt === 'now' ? () => 'now()' : null };
}
