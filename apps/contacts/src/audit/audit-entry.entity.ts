import type { AuditAction, AuditedEntity, Role } from '@app/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the append-only audit trail (a trigger refuses UPDATE, DELETE and TRUNCATE). No
 * personal data: ids, the action, the NAMES of the fields that changed (a CHECK allows only known
 * names), who and when, so an erased person leaves nothing personal here.
 */
@Entity({ name: 'audit_entry' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { name: 'sequence', type: 'bigint', generatedIdentity: 'ALWAYS' }) sequence!: string;
  @Column({ name: 'id', type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'entity', type: 'varchar', length: 20 }) entity!: AuditedEntity;
  @Column({ name: 'entity_id', type: 'uuid' }) entityId!: string;
  @Column({ name: 'action', type: 'varchar', length: 20 }) action!: AuditAction;
  /** null: the system acted (the company was deleted). */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ name: 'actor_role', type: 'varchar', length: 20, nullable: true }) actorRole!: Role | null;
  @Column({ name: 'fields', type: 'text', array: true, default: () => "'{}'" }) fields!: string[];
  /** A uuid column: a request id chosen by a client is kept only when it is a UUID, never free text. */
  @Column({ name: 'request_id', type: 'uuid', nullable: true }) requestId!: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt!: Date;
}
