import { type IdempotencyClaim, IdentityProblem, type Page } from '@app/contracts';
import { BusinessRuleError, ConflictError, ConventionSharing, ForbiddenError, NotFoundError, OutboxService, PreconditionFailedError, UnitOfWork } from '@app/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { LiveMemberships } from '../auth/live-memberships.js';
import { Sessions } from '../auth/sessions.js';
import type { CreateMemberBody, Member } from './identity.dto.js';
import type { MemberRole } from './identity.entities.js';
import { MembersRepository, toMember } from './members.repository.js';
import { MembershipAdded, MembershipChanged, MembershipRemoved, recordMembershipChange } from './membership-events.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { PasswordHasher, PasswordPolicy } from './password-policy.js';

/** Who belongs to an organisation, in which role: managed by its managers (and the platform administrator). */
@Injectable()
export class MembersService {
  private readonly logger = new Logger(MembersService.name);

  constructor(
    private readonly members: MembersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
    private readonly sessions: Sessions,
    private readonly liveMemberships: LiveMemberships,
    private readonly passwords: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly sharing: ConventionSharing,
  ) {}

  /**
   * Invites a person: the answer is the same whether or not the email has an account, and shows the
   * name the manager typed, never the stored one. A new account gets the typed password, to be changed
   * at first login; an existing one keeps its own. The platform administrator is never made a member:
   * their address answers like any other, as if they had declined at once (nothing tells a manager
   * which address is the administrator's).
   */
  async add(caller: AuthenticatedUser, organizationId: string, body: CreateMemberBody, idempotency?: IdempotencyClaim): Promise<Member> {
    this.passwords.assertStrong(body.password, body.email, 'password');
    // Hashed whether or not the account exists (and before the transaction holds a connection): the
    // answer takes as long either way.
    const passwordHash = await this.hasher.hash(body.password);
    const scope = { actor: { userId: caller.userId, organizationId, role: caller.role }, idempotency };
    const member = await this.unitOfWork.write(scope, async (tx) => {
      // A share lock: additions run side by side, but not beside a change of roles.
      await this.assertCanManage(caller, organizationId, { tx, lock: 'pessimistic_read' });
      const invited = await this.members.invite(tx, organizationId, body, passwordHash);
      if (!invited.created && !invited.isPlatformAdmin) {
        const detail = 'This person is already a member of the organisation, or already invited to it.';
        throw new ConflictError(IdentityProblem.AlreadyMember, 'Already a member', detail, { existingId: invited.userId });
      }
      if (invited.created) await recordMembershipChange(this.outbox, tx, MembershipAdded, { organizationId, userId: invited.userId, role: body.role });
      if (invited.isPlatformAdmin) this.logger.log({ organizationId }, 'Invitation of the platform administrator ignored');
      const now = new Date();
      return toMember(
        { organizationId, role: body.role, status: 'invited', invitedName: body.name, createdAt: invited.createdAt ?? now, updatedAt: invited.updatedAt ?? now, version: invited.version ?? 1 },
        { id: invited.userId, email: body.email, name: body.name },
      );
    });
    // A token is refused while this replica remembers the person as no member: forget that now.
    this.liveMemberships.forget(organizationId, member.userId);
    return member;
  }

  async list(caller: AuthenticatedUser, organizationId: string, limit?: number, cursor?: string): Promise<Page<Member>> {
    await this.assertCanManage(caller, organizationId);
    return this.members.page(organizationId, limit, cursor);
  }

  async changeRole(caller: AuthenticatedUser, organizationId: string, userId: string, role: MemberRole, expectedVersion: number): Promise<Member> {
    const member = await this.unitOfWork.write({ actor: { userId: caller.userId, organizationId, role: caller.role } }, async (tx) => {
      await this.assertCanManage(caller, organizationId, { tx, lock: 'pessimistic_write' });
      const current = await this.members.lock(tx, organizationId, userId);
      if (!current) throw new NotFoundError('member');
      if (current.version !== expectedVersion) throw new PreconditionFailedError(current.version);
      if (current.role === 'manager' && role !== 'manager') await this.assertAnotherManager(tx, organizationId, userId);
      const roleChanges = current.role !== role;
      const changed = await this.members.changeRole(tx, organizationId, userId, role, roleChanges);
      if (roleChanges) await recordMembershipChange(this.outbox, tx, MembershipChanged, { organizationId, userId, role });
      return changed;
    });
    this.liveMemberships.forget(organizationId, userId);
    return member;
  }

  async remove(caller: AuthenticatedUser, organizationId: string, userId: string): Promise<void> {
    await this.unitOfWork.write({ actor: { userId: caller.userId, organizationId, role: caller.role } }, async (tx) => {
      await this.assertCanManage(caller, organizationId, { tx, lock: 'pessimistic_write' });
      const current = await this.members.lock(tx, organizationId, userId);
      if (!current) throw new NotFoundError('member');
      if (current.role === 'manager') await this.assertAnotherManager(tx, organizationId, userId);
      await this.members.delete(tx, organizationId, userId);
      await this.sessions.revokeMembership(tx, organizationId, userId);
      await recordMembershipChange(this.outbox, tx, MembershipRemoved, { organizationId, userId, role: null });
    });
    this.liveMemberships.forget(organizationId, userId);
  }

  /**
   * The names of these users (audit entries, calls and dashboards hold ids only), in one query;
   * unknown ids are left out. With `readerOrganizationId`, so is anyone who is neither a member of
   * it nor of an organisation sharing a convention with it (docs/sharing.md): a caller removed from
   * the organisation is no longer named in its figures, a partner's caller is named in a shared
   * campaign's, and nobody else is.
   */
  async userNames(ids: readonly string[], readerOrganizationId?: string): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    if (readerOrganizationId === undefined) return this.members.userNames(ids);
    return this.members.userNames(ids, [readerOrganizationId, ...(await this.sharing.partnersOf(readerOrganizationId))]);
  }

  /**
   * Admins manage any organisation; a manager only their own, as the database says now (never the
   * token: a manager demoted a second ago may still hold one). Anyone else learns nothing: 404.
   * Writers lock the organisation's row until commit: role changes and removals of one organisation
   * run one at a time, so two managers demoting each other at once cannot both succeed.
   */
  private async assertCanManage(caller: AuthenticatedUser, organizationId: string, within?: { tx: EntityManager; lock: 'pessimistic_read' | 'pessimistic_write' }): Promise<void> {
    if (caller.role !== 'admin' && caller.organizationId !== organizationId) throw new NotFoundError('organisation');
    if (!(await this.organizations.exists(organizationId, within))) throw new NotFoundError('organisation');
    if (caller.role === 'admin') return;
    const live = await this.members.activeMembership(organizationId, caller.userId, within?.tx);
    if (!live) throw new NotFoundError('organisation');
    if (live.role !== 'manager') throw new ForbiddenError('Only managers manage members.');
  }

  /** 422 unless the organisation keeps another manager than this one (its row is locked by the caller). */
  private async assertAnotherManager(tx: EntityManager, organizationId: string, userId: string): Promise<void> {
    if ((await this.members.otherActiveManagers(tx, organizationId, userId)) === 0) {
      throw new BusinessRuleError('The organisation would have no manager left: make someone else manager first.', IdentityProblem.LastManager);
    }
  }
}
