import { PresentOrNull } from '@app/contracts';
import type { OutboxService } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { IsIn, IsUUID } from 'class-validator';
import { MEMBER_ROLES, type MemberRole } from './identity.entities.js';

/**
 * A membership was added, changed role or removed. Written to the gateway's outbox in the
 * transaction of the change; every gateway replica listens, to drop what it cached of the membership
 * (the identity schema is the gateway's own, so these events are the gateway's, not a service's).
 */
export class MembershipChangedPayload {
  @IsUUID() organizationId!: string;
  @IsUUID() userId!: string;
  /** The role now; null once removed. */
  @PresentOrNull() @IsIn(MEMBER_ROLES) role!: MemberRole | null;
}

export const MEMBERSHIP_EVENTS_SUBJECTS = 'events.identity.membership.>';
export const MembershipAdded = { subject: 'events.identity.membership.added', Payload: MembershipChangedPayload, version: 1 };
export const MembershipChanged = { subject: 'events.identity.membership.changed', Payload: MembershipChangedPayload, version: 1 };
export const MembershipRemoved = { subject: 'events.identity.membership.removed', Payload: MembershipChangedPayload, version: 1 };

/** Writes a membership event to the outbox, in the transaction of the change it tells. */
export async function recordMembershipChange(outbox: OutboxService, tx: EntityManager, event: typeof MembershipChanged, payload: MembershipChangedPayload): Promise<void> {
  await outbox.add(tx, event, { actor: { organizationId: payload.organizationId } }, payload);
}
