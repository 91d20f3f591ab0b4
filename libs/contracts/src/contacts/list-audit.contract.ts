import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { UUID_PROPERTY } from '../common/limits.js';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { AUDITED_ENTITIES, type AuditedEntity, AuditEntry } from './audit-entry.dto.js';

/**
 * The audit trail of one record, oldest first, in cursor pages (managers only). An erased contact's
 * entries are still there. Fails with NotFound (404: no entry for this id in the organisation), Forbidden (403).
 */
export const subject = 'contacts.v1.audit.list';
// Named for the OpenAPI document (it is also the gateway's query).
@ApiSchema({ name: 'AuditQuery' })
export class Request extends PageQuery {
  @ApiProperty({ enum: AUDITED_ENTITIES }) @IsIn(AUDITED_ENTITIES) entity!: AuditedEntity;
  @ApiProperty(UUID_PROPERTY) @IsUUID() id!: string;
}
@ApiSchema({ name: 'AuditEntryPage' })
export class Response implements Page<AuditEntry> {
  @ApiProperty(pageItems(AuditEntry)) items!: AuditEntry[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
