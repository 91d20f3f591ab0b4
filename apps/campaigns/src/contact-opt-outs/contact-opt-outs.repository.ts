import type { ContactRefPayload } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ContactOptOutEntity } from './contact-opt-out.entity.js';

/** `campaigns.contact_opt_out`: contact, company and organisation ids only. Every statement is scoped by `organizationId`. */
@Injectable()
export class ContactOptOutsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the objection; a contact already recorded keeps the time of the first one. */
  async add(tx: EntityManager, { id, organizationId, companyId }: ContactRefPayload, optedOutAt: Date): Promise<void> {
    await tx
      .getRepository(ContactOptOutEntity)
      .createQueryBuilder()
      .insert()
      .values({ contactId: id, organizationId, companyId, optedOutAt })
      .orIgnore()
      .execute();
  }

  async remove(tx: EntityManager, organizationId: string, contactId: string): Promise<void> {
    await tx.getRepository(ContactOptOutEntity).delete({ contactId, organizationId });
  }

  findOne(organizationId: string, contactId: string): Promise<ContactOptOutEntity | null> {
    return this.dataSource.getRepository(ContactOptOutEntity).findOneBy({ contactId, organizationId });
  }
}
