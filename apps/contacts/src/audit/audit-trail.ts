import { type Actor, type AuditAction, type AuditedEntity, type AuditEntry, type ContactField, type Page, type Role } from '@app/contracts';
import { decodeCursor, pageSize, toPage, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity.js';

/** Who caused an entry: a member (from the request's envelope), or the system (null actor). */
export interface AuditOrigin {
  actor: Actor | null;
  organizationId: string;
  requestId?: string;
}

/**
 * The append-only audit trail of personal data. Entries are written in the transaction of the
 * change they record, so there is never a change without its entry, nor an entry without its change.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly dataSource: DataSource) {}

  async record(tx: EntityManager, origin: AuditOrigin, entity: AuditedEntity, entityIds: string[], action: AuditAction, fields: readonly ContactField[] = []): Promise<void> {
    if (entityIds.length === 0) return;
    await tx
      .getRepository(AuditEntryEntity)
      .createQueryBuilder()
      .insert()
      .values(
        entityIds.map((entityId) => ({
          organizationId: origin.organizationId,
          entity,
          entityId,
          action,
          actorUserId: origin.actor?.userId ?? null,
          actorRole: origin.actor?.role ?? null,
          fields: [...fields],
          // The column is a uuid: a request id a client chose freely could hold anything.
          requestId: origin.requestId && isUUID(origin.requestId) ? origin.requestId : null,
        })),
      )
      .execute();
  }

  async exists(organizationId: string, entity: AuditedEntity, entityId: string): Promise<boolean> {
    return this.dataSource.getRepository(AuditEntryEntity).exists({ where: { organizationId, entity, entityId } });
  }

  /** One page of a record's entries, oldest first. */
  async page(organizationId: string, entity: AuditedEntity, entityId: string, limit?: number, cursor?: string): Promise<Page<AuditEntry>> {
    const size = pageSize(limit);
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('entry')
      .where('entry.organization_id = :organizationId AND entry.entity = :entity AND entry.entity_id = :entityId', { organizationId, entity, entityId })
      .orderBy('entry.sequence', 'ASC')
      .limit(size + 1);
    if (cursor) {
      const [sequence] = decodeCursor(cursor, 1);
      if (typeof sequence !== 'string' || !/^\d{1,18}$/.test(sequence)) {
        throw new ValidationFailedError([{ field: 'cursor', code: 'invalidCursor', message: 'cursor is not one this API gave out' }]);
      }
      query.andWhere('entry.sequence > :sequence', { sequence });
    }
    return toPage(await query.getMany(), size, toAuditEntry, (row) => [row.sequence]);
  }

  /** Every entry of a record, oldest first (for an export: one person's entries are few). */
  async all(tx: EntityManager, organizationId: string, entity: AuditedEntity, entityId: string): Promise<AuditEntry[]> {
    const rows = await tx.getRepository(AuditEntryEntity).find({ where: { organizationId, entity, entityId }, order: { sequence: 'ASC' } });
    return rows.map(toAuditEntry);
  }
}

export function toAuditEntry(row: AuditEntryEntity): AuditEntry {
  return {
    id: row.id,
    entity: row.entity,
    entityId: row.entityId,
    action: row.action,
    actor: row.actorUserId ? { userId: row.actorUserId, role: row.actorRole as Role } : null,
    fields: row.fields,
    occurredAt: row.occurredAt.toISOString(),
    requestId: row.requestId,
  };
}
