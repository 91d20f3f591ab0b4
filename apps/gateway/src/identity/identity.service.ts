import { CommonProblem, MAX_PAGE_SIZE } from '@app/contracts';
import {
  BusinessRuleError,
  ConflictError,
  decodeCursor,
  encodeCursor,
  ForbiddenError,
  NotFoundError,
  OutboxService,
  PreconditionFailedError,
  UnitOfWork,
  ValidationFailedError,
} from '@app/platform';
import type { IdempotencyClaim } from '@app/contracts';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AuthenticatedUser, LimitedTokenHolder } from '../auth/authenticated-user.js';
import { LiveMemberships } from '../auth/live-memberships.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { Sessions } from '../auth/sessions.js';
import { TokenService } from '../auth/token.service.js';
import { GatewayEnv } from '../config/gateway.env.js';
import { HttpProblem } from '../problem/http-problem.js';
import type {
  ChangePasswordBody,
  CreateMemberBody,
  Invitation,
  CreateOrganizationBody,
  LoginBody,
  LoginResponse,
  Member,
  MeResponse,
  Organization,
  OrganizationListItem,
} from './identity.dto.js';
import { MembershipEntity, type MemberRole, OrganizationEntity, UserEntity } from './identity.entities.js';
import { MembershipAdded, MembershipChanged, type MembershipChangedPayload, MembershipRemoved } from './membership-events.js';
import { PasswordPolicy } from './password-policy.js';

// Verified when the email is unknown, so that the answer takes as long as for a wrong password.
const DUMMY_HASH = argon2.hash('filon-timing-equaliser', { type: argon2.argon2id });

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Organisations, users and memberships: the identity schema, owned by the gateway. */
@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdentityService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly throttle: LoginThrottle,
    private readonly env: GatewayEnv,
    private readonly sessions: Sessions,
    private readonly liveMemberships: LiveMemberships,
    private readonly outbox: OutboxService,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordPolicy,
  ) {}

  /** Creates the first platform administrator from FILON_ADMIN_EMAIL / FILON_ADMIN_PASSWORD. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.env.FILON_ADMIN_EMAIL?.toLowerCase();
    const password = this.env.FILON_ADMIN_PASSWORD;
    if (!email || !password) return;
    // The operator's own setting, not a person's choice through the API: a weak one is said loudly
    // rather than refused, so that the laptop quick start (docker compose) still starts.
    const weakness = this.passwords.weakness(password, email);
    if (weakness) this.logger.warn(`FILON_ADMIN_PASSWORD ${weakness.replace(/\.$/, '')}: set a strong one before anyone else can reach this gateway`);
    const passwordHash = await hashPassword(password);
    const result = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder()
      .insert()
      .values({ email, name: 'Administrator', passwordHash, isPlatformAdmin: true })
      .orIgnore()
      .execute();
    if (result.raw.length > 0) this.logger.log({ email }, 'Created the first administrator');
  }

  async login({ email, password, organizationId }: LoginBody, address: string): Promise<LoginResponse> {
    const attempt = await this.throttle.begin(email, address);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email });
    const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), password).catch(() => false);
    await this.throttle.settle(attempt, user !== null && valid);
    if (!user || !valid) {
      throw new HttpProblem({ type: CommonProblem.Unauthenticated, title: 'Unauthenticated', status: 401, detail: 'Wrong email or password.' });
    }
    const userSummary = { id: user.id, email: user.email, name: user.name };
    // Someone else set this password: the token only lets the person choose their own.
    if (user.passwordChangeRequired) return this.limitedLogin({ userId: user.id, limit: 'password_change' }, userSummary);
    const memberships = await this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('membership')
      .innerJoinAndMapOne('membership.organization', OrganizationEntity, 'organization', 'organization.id = membership.organization_id')
      .where("membership.user_id = :userId AND membership.status = 'active'", { userId: user.id })
      .orderBy('organization.name')
      .getMany() as (MembershipEntity & { organization: OrganizationEntity })[];

    let session: AuthenticatedUser;
    let organization: { id: string; name: string } | null = null;
    const chosen = organizationId ? memberships.find((m) => m.organizationId === organizationId) : undefined;
    if (chosen) {
      session = { userId: user.id, organizationId: chosen.organizationId, role: chosen.role, membershipVersion: chosen.accessVersion };
      organization = { id: chosen.organization.id, name: chosen.organization.name };
    } else if (user.isPlatformAdmin && !organizationId) {
      session = { userId: user.id, organizationId: null, role: 'admin' };
    } else if (!organizationId && memberships.length === 1) {
      const [only] = memberships;
      session = { userId: user.id, organizationId: only.organizationId, role: only.role, membershipVersion: only.accessVersion };
      organization = { id: only.organization.id, name: only.organization.name };
    } else if (memberships.length === 0) {
      // Not a member anywhere yet: a token good for answering invitations (and GET /me) only.
      return this.limitedLogin({ userId: user.id, limit: 'no_organization' }, userSummary);
    } else {
      throw new HttpProblem({
        type: CommonProblem.ValidationFailed,
        title: 'Choose an organisation',
        status: 400,
        detail: organizationId ? 'You are not a member of that organisation.' : 'You belong to several organisations: name one in organizationId.',
        errors: [{ field: 'organizationId', message: 'must be one of your organisations' }],
        organizations: memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role })),
      });
    }
    const tokens = await this.sessions.start(session);
    return { ...tokens, user: userSummary, organization, role: session.role, passwordChangeRequired: false };
  }

  /** A limited token has no refresh token: once its holder has done what it allows, they log in again. */
  private async limitedLogin(holder: LimitedTokenHolder, user: LoginResponse['user']): Promise<LoginResponse> {
    const { accessToken, expiresAt } = await this.tokens.sign(holder, this.env.JWT_TTL_SECONDS);
    return {
      accessToken,
      expiresAt,
      refreshToken: null,
      refreshTokenExpiresAt: null,
      user,
      organization: null,
      role: null,
      passwordChangeRequired: holder.limit === 'password_change',
    };
  }

  async me(caller: AuthenticatedUser | LimitedTokenHolder): Promise<MeResponse> {
    const user = await this.requireUser(caller.userId);
    const organizationId = 'limit' in caller ? null : caller.organizationId;
    const organization = organizationId ? await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organizationId }) : null;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      organization: organization ? { id: organization.id, name: organization.name } : null,
      role: 'limit' in caller ? null : caller.role,
      passwordChangeRequired: user.passwordChangeRequired,
    };
  }

  /**
   * The caller replaces their password (the one a manager set, or their own). A wrong current password
   * counts as a failed login, so that a stolen token cannot be used to guess it.
   */
  async changePassword(caller: AuthenticatedUser | LimitedTokenHolder, { currentPassword, newPassword }: ChangePasswordBody, address: string): Promise<void> {
    const user = await this.requireUser(caller.userId);
    const attempt = await this.throttle.begin(user.email, address);
    const valid = await argon2.verify(user.passwordHash, currentPassword).catch(() => false);
    await this.throttle.settle(attempt, valid);
    if (!valid) {
      throw new ValidationFailedError([{ field: 'currentPassword', message: 'is not your current password' }], 'The current password is wrong.');
    }
    if (newPassword === currentPassword) {
      throw new ValidationFailedError([{ field: 'newPassword', message: 'must differ from the current password' }], 'Choose a new password, different from the current one.');
    }
    this.passwords.assertStrong(newPassword, user.email, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    // Every session ends with the old password: whoever knew it keeps no refresh token.
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(UserEntity).update({ id: user.id }, { passwordHash, passwordChangeRequired: false, version: () => 'version + 1' });
      await this.sessions.revokeAllOfUser(user.id, tx);
    });
  }

  /** The caller's pending invitations, by organisation name (a bounded answer: the first MAX_PAGE_SIZE). */
  async invitations(caller: AuthenticatedUser | LimitedTokenHolder): Promise<Invitation[]> {
    const rows = (await this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('membership')
      .innerJoinAndMapOne('membership.organization', OrganizationEntity, 'organization', 'organization.id = membership.organization_id')
      .where("membership.user_id = :userId AND membership.status = 'invited'", { userId: caller.userId })
      .orderBy('organization.name')
      .addOrderBy('organization.id')
      .limit(MAX_PAGE_SIZE)
      .getMany()) as (MembershipEntity & { organization: OrganizationEntity })[];
    return rows.map((membership) => ({ organization: { id: membership.organization.id, name: membership.organization.name }, role: membership.role }));
  }

  /** Accepting makes the membership active (log in again for a token of that organisation); no pending invitation: 404. */
  async acceptInvitation(caller: AuthenticatedUser | LimitedTokenHolder, organizationId: string): Promise<void> {
    const { userId } = caller;
    const invitation = await this.dataSource.getRepository(MembershipEntity).findOneBy({ organizationId, userId, status: 'invited' });
    if (!invitation) throw new NotFoundError('invitation');
    await this.unitOfWork.write({ actor: { userId, organizationId, role: invitation.role } }, async (tx) => {
      const result = await tx
        .getRepository(MembershipEntity)
        .update({ organizationId, userId, status: 'invited' }, { status: 'active', invitedName: null, version: () => 'version + 1' });
      if ((result.affected ?? 0) === 0) throw new NotFoundError('invitation');
      await this.membershipEvent(tx, MembershipAdded, { organizationId, userId, role: invitation.role });
    });
    this.liveMemberships.forget(organizationId, userId);
  }

  async declineInvitation(caller: AuthenticatedUser | LimitedTokenHolder, organizationId: string): Promise<void> {
    const result = await this.dataSource.getRepository(MembershipEntity).delete({ organizationId, userId: caller.userId, status: 'invited' });
    if ((result.affected ?? 0) === 0) throw new NotFoundError('invitation');
  }

  private async requireUser(userId: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new HttpProblem({ type: CommonProblem.Unauthenticated, title: 'Unauthenticated', status: 401, detail: 'This account no longer exists.' });
    return user;
  }

  createOrganization(caller: AuthenticatedUser, body: CreateOrganizationBody, idempotency?: IdempotencyClaim): Promise<Organization> {
    // Platform writes keep their idempotency keys under the nil organisation.
    const scope = { actor: { userId: caller.userId, organizationId: caller.organizationId ?? NIL_UUID, role: caller.role }, idempotency };
    return this.unitOfWork.write(scope, async (tx) => {
      const organization = await tx.getRepository(OrganizationEntity).save(tx.getRepository(OrganizationEntity).create(body));
      return toOrganization(organization);
    });
  }

  /** Admin: every organisation; others: their own (and, once conventions exist, their partners'). */
  async listOrganizations(caller: AuthenticatedUser, limit = 50, cursor?: string): Promise<Page<OrganizationListItem>> {
    const query = this.dataSource
      .getRepository(OrganizationEntity)
      .createQueryBuilder('organization')
      .orderBy('organization.name', 'ASC')
      .addOrderBy('organization.id', 'ASC')
      .limit(limit + 1);
    if (caller.role !== 'admin') query.where('organization.id = :id', { id: caller.organizationId });
    if (cursor) {
      const [name, id] = decodeCursor(cursor, 2);
      query.andWhere('(organization.name, organization.id) > (:name, :id)', { name, id });
    }
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ id, name, kind }) => ({ id, name, kind })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }

  /**
   * Invites a person: the answer is the same whether or not the email has an account, and shows the
   * name the manager typed, never the stored one. A new account gets the typed password, to be changed
   * at first login; an existing one keeps its own. The platform administrator is never made a member:
   * their address answers like any other, as if they had declined at once (nothing tells a manager
   * which address is the administrator's).
   */
  async addMember(caller: AuthenticatedUser, organizationId: string, body: CreateMemberBody, idempotency?: IdempotencyClaim): Promise<Member> {
    this.passwords.assertStrong(body.password, body.email, 'password');
    // Hashed whether or not the account exists (and before the transaction holds a connection): the
    // answer takes as long either way.
    const passwordHash = await hashPassword(body.password);
    const scope = { actor: { userId: caller.userId, organizationId, role: caller.role }, idempotency };
    const member = await this.unitOfWork.write(scope, async (tx) => {
      // A share lock: additions run side by side, but not beside a change of roles.
      await this.assertCanManage(tx, caller, organizationId, 'pessimistic_read');
      const invited = await inviteStatement(tx, organizationId, body, passwordHash);
      if (!invited.created && !invited.isPlatformAdmin) {
        const detail = 'This person is already a member of the organisation, or already invited to it.';
        throw new ConflictError('/problems/identity/already-member', 'Already a member', detail, { existingId: invited.userId });
      }
      if (invited.created) await this.membershipEvent(tx, MembershipAdded, { organizationId, userId: invited.userId, role: body.role });
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

  async listMembers(caller: AuthenticatedUser, organizationId: string, limit = 50, cursor?: string): Promise<Page<Member>> {
    await this.assertCanManage(this.dataSource.manager, caller, organizationId);
    const query = this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('membership')
      .innerJoinAndMapOne('membership.user', UserEntity, 'user', 'user.id = membership.user_id')
      .where('membership.organization_id = :organizationId', { organizationId })
      .orderBy('user.email', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .limit(limit + 1);
    if (cursor) {
      const [email, id] = decodeCursor(cursor, 2);
      query.andWhere('(user.email, user.id) > (:email, :id)', { email, id });
    }
    const rows = (await query.getMany()) as (MembershipEntity & { user: UserEntity })[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((membership) => toMember(membership, membership.user)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.user.email, last.user.id]) : null,
    };
  }

  async changeMemberRole(caller: AuthenticatedUser, organizationId: string, userId: string, role: MemberRole, expectedVersion: number): Promise<Member> {
    const member = await this.unitOfWork.write({ actor: { userId: caller.userId, organizationId, role: caller.role } }, async (tx) => {
      await this.assertCanManage(tx, caller, organizationId, 'pessimistic_write');
      const memberships = tx.getRepository(MembershipEntity);
      const current = await memberships.findOne({ where: { organizationId, userId }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundError('member');
      if (current.version !== expectedVersion) throw new PreconditionFailedError(current.version);
      if (current.role === 'manager' && role !== 'manager') await assertAnotherManager(tx, organizationId, userId);
      const roleChanges = current.role !== role;
      await memberships
        .createQueryBuilder()
        .update()
        .set({
          role,
          version: () => 'version + 1',
          updatedAt: () => 'now()',
          // New rights: tokens signed with the old ones stop working.
          ...(roleChanges ? { accessVersion: () => `nextval('"identity"."membership_access_version_seq"')` } : {}),
        })
        .where('organization_id = :organizationId AND user_id = :userId', { organizationId, userId })
        .execute();
      if (roleChanges) await this.membershipEvent(tx, MembershipChanged, { organizationId, userId, role });
      const user = await tx.getRepository(UserEntity).findOneByOrFail({ id: userId });
      return toMember(await memberships.findOneByOrFail({ organizationId, userId }), user);
    });
    this.liveMemberships.forget(organizationId, userId);
    return member;
  }

  async removeMember(caller: AuthenticatedUser, organizationId: string, userId: string): Promise<void> {
    await this.unitOfWork.write({ actor: { userId: caller.userId, organizationId, role: caller.role } }, async (tx) => {
      await this.assertCanManage(tx, caller, organizationId, 'pessimistic_write');
      const memberships = tx.getRepository(MembershipEntity);
      const current = await memberships.findOne({ where: { organizationId, userId }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundError('member');
      if (current.role === 'manager') await assertAnotherManager(tx, organizationId, userId);
      await memberships.delete({ organizationId, userId });
      await this.sessions.revokeMembership(tx, organizationId, userId);
      await this.membershipEvent(tx, MembershipRemoved, { organizationId, userId, role: null });
    });
    this.liveMemberships.forget(organizationId, userId);
  }

  /**
   * The names of these users (audit entries, calls and dashboards hold ids only), in one query; unknown
   * ids are left out, and so is anyone who is not a member of `memberOf` when it is given (a caller
   * removed from the organisation is no longer named in its figures).
   */
  async userNames(ids: string[], memberOf?: string): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const query = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .select(['user.id', 'user.name'])
      .where({ id: In([...new Set(ids)]) });
    if (memberOf) query.innerJoin(MembershipEntity, 'membership', 'membership.user_id = user.id AND membership.organization_id = :memberOf', { memberOf });
    const users = await query.getMany();
    return new Map(users.map((user) => [user.id, user.name]));
  }

  /**
   * Admins manage any organisation; a manager only their own, as the database says now (never the
   * token: a manager demoted a second ago may still hold one). Anyone else learns nothing: 404.
   * Writers lock the organisation's row until commit: role changes and removals of one organisation
   * run one at a time, so two managers demoting each other at once cannot both succeed.
   */
  private async assertCanManage(tx: EntityManager, caller: AuthenticatedUser, organizationId: string, lock?: 'pessimistic_read' | 'pessimistic_write'): Promise<void> {
    if (caller.role !== 'admin' && caller.organizationId !== organizationId) throw new NotFoundError('organisation');
    const organization = await tx
      .getRepository(OrganizationEntity)
      .findOne({ where: { id: organizationId }, select: { id: true }, ...(lock ? { lock: { mode: lock } } : {}) });
    if (!organization) throw new NotFoundError('organisation');
    if (caller.role === 'admin') return;
    const live = await tx.getRepository(MembershipEntity).findOneBy({ organizationId, userId: caller.userId, status: 'active' });
    if (!live) throw new NotFoundError('organisation');
    if (live.role !== 'manager') throw new ForbiddenError('Only managers manage members.');
  }

  private async membershipEvent(tx: EntityManager, event: typeof MembershipChanged, payload: MembershipChangedPayload): Promise<void> {
    await this.outbox.add(tx, event, { actor: { organizationId: payload.organizationId } }, payload);
  }
}

/** 422 unless the organisation keeps another manager than this one (its row is locked by the caller). */
async function assertAnotherManager(tx: EntityManager, organizationId: string, userId: string): Promise<void> {
  const others = await tx
    .getRepository(MembershipEntity)
    .createQueryBuilder('membership')
    // Only an active manager counts: an invitation may never be accepted.
    .where("membership.organization_id = :organizationId AND membership.role = :role AND membership.status = 'active' AND membership.user_id <> :userId", {
      organizationId,
      role: 'manager',
      userId,
    })
    .getCount();
  if (others === 0) {
    throw new BusinessRuleError('The organisation would have no manager left: make someone else manager first.', '/problems/identity/last-manager');
  }
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

function toOrganization(entity: OrganizationEntity): Organization {
  return {
    id: entity.id,
    name: entity.name,
    kind: entity.kind,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    version: entity.version,
  };
}

interface InviteOutcome {
  userId: string;
  isPlatformAdmin: boolean;
  created: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
  version: number | null;
}

/**
 * One statement creates the account if the email has none (ON CONFLICT DO NOTHING) and the invited
 * membership if there is none (ON CONFLICT DO NOTHING), so that a burst of identical requests ends
 * with one account and one membership, never a unique violation. When a concurrent request created
 * the account after this statement's snapshot, neither branch sees it: the statement runs once more.
 */
async function inviteStatement(tx: EntityManager, organizationId: string, body: CreateMemberBody, passwordHash: string): Promise<InviteOutcome> {
  for (let attempt = 0; ; attempt++) {
    const rows = (await tx.query(
      `WITH new_user AS (
         INSERT INTO "identity"."app_user" ("email", "name", "password_hash", "password_change_required")
         VALUES ($1, $2, $3, true)
         ON CONFLICT ("email") DO NOTHING
         RETURNING "id", "is_platform_admin"
       ), target AS (
         SELECT "id", "is_platform_admin" FROM new_user
         UNION ALL
         SELECT "id", "is_platform_admin" FROM "identity"."app_user" WHERE "email" = $1
       ), invited AS (
         INSERT INTO "identity"."membership" ("organization_id", "user_id", "role", "status", "invited_name")
         SELECT $4, "id", $5, 'invited', $2 FROM target WHERE NOT "is_platform_admin"
         ON CONFLICT ("organization_id", "user_id") DO NOTHING
         RETURNING "created_at", "updated_at", "version"
       )
       SELECT target."id" AS "userId", target."is_platform_admin" AS "isPlatformAdmin", invited."version" IS NOT NULL AS "created",
              invited."created_at" AS "createdAt", invited."updated_at" AS "updatedAt", invited."version"
       FROM target LEFT JOIN invited ON true`,
      [body.email, body.name, passwordHash, organizationId, body.role],
    )) as InviteOutcome[];
    if (rows.length > 0 || attempt > 0) {
      if (rows.length === 0) throw new Error(`no account found nor created for an invitation to ${organizationId}`);
      return rows[0];
    }
  }
}

/** Until the person accepts, the member shows the name the manager typed: the stored one is theirs to reveal. */
function toMember(
  membership: Pick<MembershipEntity, 'organizationId' | 'role' | 'status' | 'invitedName' | 'createdAt' | 'updatedAt' | 'version'>,
  user: Pick<UserEntity, 'id' | 'email' | 'name'>,
): Member {
  return {
    id: user.id,
    userId: user.id,
    organizationId: membership.organizationId,
    email: user.email,
    name: membership.status === 'invited' && membership.invitedName !== null ? membership.invitedName : user.name,
    role: membership.role,
    status: membership.status,
    createdAt: membership.createdAt.toISOString(),
    updatedAt: membership.updatedAt.toISOString(),
    version: membership.version,
  };
}
