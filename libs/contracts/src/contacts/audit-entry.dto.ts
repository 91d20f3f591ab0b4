import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../common/envelope.js';
import { DATE_TIME_PROPERTY, NAME_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { CONTACT_FIELDS } from './contact.dto.js';

/** What was done to personal data. */
export const AUDIT_ACTIONS = ['created', 'updated', 'opted_out', 'exported', 'erased'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
/** The kinds of records the audit trail covers. */
export const AUDITED_ENTITIES = ['contact'] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

/** Who acted: a member of the organisation (the gateway adds their name). */
export class AuditActor {
  @ApiProperty(UUID_PROPERTY) userId!: string;
  @ApiProperty({ enum: ROLES, description: 'Their role when they acted' }) role!: Role;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: 'Their current name; null when the account no longer exists' }) name?: string | null;
}

/**
 * One entry of the append-only audit trail. It holds no personal data: ids, the action, the names
 * (never the values) of the fields that changed, who and when. An erased person's entries stay.
 */
export class AuditEntry {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ enum: AUDITED_ENTITIES }) entity!: AuditedEntity;
  @ApiProperty(UUID_PROPERTY) entityId!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: AuditAction;
  @ApiProperty({ type: AuditActor, nullable: true, description: 'null: the system acted (the company was deleted)' }) actor!: AuditActor | null;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...CONTACT_FIELDS] }, maxItems: CONTACT_FIELDS.length, description: 'Names of the fields that changed, never their values', example: ['phone', 'jobTitle'] }) fields!: string[];
  @ApiProperty(DATE_TIME_PROPERTY) occurredAt!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: 200, description: 'The request that caused it (X-Request-Id)' }) requestId!: string | null;
}
