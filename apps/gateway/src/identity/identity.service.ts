import { CommonProblem } from '@app/contracts';
import { decodeCursor, encodeCursor, isUniqueViolation, NotFoundError, UnitOfWork } from '@app/platform';
import type { IdempotencyClaim } from '@app/contracts';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { TokenService } from '../auth/token.service.js';
import { GatewayEnv } from '../config/gateway.env.js';
import { HttpProblem } from '../problem/http-problem.js';
import type {
  CreateMemberBody,
  CreateOrganizationBody,
  LoginBody,
  LoginResponse,
  Member,
  MeResponse,
  Organization,
  OrganizationListItem,
} from './identity.dto.js';
import { MembershipEntity, type MemberRole, OrganizationEntity, UserEntity } from './identity.entities.js';

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
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly env: GatewayEnv,
  ) {}

  /** Creates the first platform administrator from FILON_ADMIN_EMAIL / FILON_ADMIN_PASSWORD. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.env.FILON_ADMIN_EMAIL?.toLowerCase();
    const password = this.env.FILON_ADMIN_PASSWORD;
    if (!email || !password) return;
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
    const memberships = await this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('membership')
      .innerJoinAndMapOne('membership.organization', OrganizationEntity, 'organization', 'organization.id = membership.organization_id')
      .where('membership.user_id = :userId', { userId: user.id })
      .orderBy('organization.name')
      .getMany() as (MembershipEntity & { organization: OrganizationEntity })[];

    let session: AuthenticatedUser;
    let organization: { id: string; name: string } | null = null;
    const chosen = organizationId ? memberships.find((m) => m.organizationId === organizationId) : undefined;
    if (chosen) {
      session = { userId: user.id, organizationId: chosen.organizationId, role: chosen.role };
      organization = { id: chosen.organization.id, name: chosen.organization.name };
    } else if (user.isPlatformAdmin && !organizationId) {
      session = { userId: user.id, organizationId: null, role: 'admin' };
    } else if (!organizationId && memberships.length === 1) {
      const [only] = memberships;
      session = { userId: user.id, organizationId: only.organizationId, role: only.role };
      organization = { id: only.organization.id, name: only.organization.name };
    } else if (memberships.length === 0) {
      throw new HttpProblem({ type: CommonProblem.Forbidden, title: 'Forbidden', status: 403, detail: 'This account belongs to no organisation yet.' });
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
    const { accessToken, expiresAt } = await this.tokens.sign(session, this.env.JWT_TTL_SECONDS);
    return { accessToken, expiresAt, user: { id: user.id, email: user.email, name: user.name }, organization, role: session.role };
  }

  async me(caller: AuthenticatedUser): Promise<MeResponse> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: caller.userId });
    if (!user) throw new HttpProblem({ type: CommonProblem.Unauthenticated, title: 'Unauthenticated', status: 401, detail: 'This account no longer exists.' });
    const organization = caller.organizationId
      ? await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: caller.organizationId })
      : null;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      organization: organization ? { id: organization.id, name: organization.name } : null,
      role: caller.role,
    };
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

  addMember(caller: AuthenticatedUser, organizationId: string, body: CreateMemberBody, idempotency?: IdempotencyClaim): Promise<Member> {
    this.assertCanManage(caller, organizationId);
    const scope = { actor: { userId: caller.userId, organizationId, role: caller.role }, idempotency };
    return this.unitOfWork.write(scope, async (tx) => {
      await this.requireOrganization(tx, organizationId);
      const users = tx.getRepository(UserEntity);
      // An existing user (same email) joins with their own password unchanged.
      // ON CONFLICT DO NOTHING: two requests adding the same new person at once both end with one user.
      if (!(await users.existsBy({ email: body.email }))) {
        const passwordHash = await hashPassword(body.password);
        await users.createQueryBuilder().insert().values({ email: body.email, name: body.name, passwordHash }).orIgnore().execute();
      }
      const user = await users.findOneByOrFail({ email: body.email });
      try {
        // insert, not save: save() would quietly update an existing membership (composite key) instead of failing.
        const memberships = tx.getRepository(MembershipEntity);
        await memberships.insert({ organizationId, userId: user.id, role: body.role });
        return toMember(await memberships.findOneByOrFail({ organizationId, userId: user.id }), user);
      } catch (error) {
        if (isUniqueViolation(error, 'membership_pkey')) {
          throw new HttpProblem({
            type: '/problems/identity/already-member',
            title: 'Already a member',
            status: 409,
            detail: 'This person is already a member of the organisation.',
            existingId: user.id,
          });
        }
        throw error;
      }
    });
  }

  async listMembers(caller: AuthenticatedUser, organizationId: string, limit = 50, cursor?: string): Promise<Page<Member>> {
    this.assertCanManage(caller, organizationId);
    await this.requireOrganization(this.dataSource.manager, organizationId);
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

  async changeMemberRole(caller: AuthenticatedUser, organizationId: string, userId: string, role: MemberRole, expectedVersion?: number): Promise<Member> {
    this.assertCanManage(caller, organizationId);
    return this.unitOfWork.write({ actor: { userId: caller.userId, organizationId, role: caller.role } }, async (tx) => {
      const query = tx
        .getRepository(MembershipEntity)
        .createQueryBuilder()
        .update()
        .set({ role, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('organization_id = :organizationId AND user_id = :userId', { organizationId, userId });
      if (expectedVersion !== undefined) query.andWhere('version = :expectedVersion', { expectedVersion });
      const result = await query.execute();
      const membership = await tx.getRepository(MembershipEntity).findOneBy({ organizationId, userId });
      if (!membership) throw new NotFoundError('member');
      if ((result.affected ?? 0) === 0) throw staleVersion(membership.version);
      const user = await tx.getRepository(UserEntity).findOneByOrFail({ id: userId });
      return toMember(membership, user);
    });
  }

  async removeMember(caller: AuthenticatedUser, organizationId: string, userId: string): Promise<void> {
    this.assertCanManage(caller, organizationId);
    const result = await this.dataSource.getRepository(MembershipEntity).delete({ organizationId, userId });
    if ((result.affected ?? 0) === 0) throw new NotFoundError('member');
  }

  /** The names of these users (for the audit trail, whose entries hold ids only); unknown ids are left out. */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const users = await this.dataSource.getRepository(UserEntity).find({ where: { id: In([...new Set(ids)]) }, select: { id: true, name: true } });
    return new Map(users.map((user) => [user.id, user.name]));
  }

  /** Admins manage any organisation; a manager only their own. Anyone else learns nothing: 404. */
  private assertCanManage(caller: AuthenticatedUser, organizationId: string): void {
    if (caller.role === 'admin') return;
    if (caller.organizationId !== organizationId) throw new NotFoundError('organisation');
    if (caller.role !== 'manager') throw new HttpProblem({ type: CommonProblem.Forbidden, title: 'Forbidden', status: 403, detail: 'Only managers manage members.' });
  }

  private async requireOrganization(tx: EntityManager, organizationId: string): Promise<void> {
    if (!(await tx.getRepository(OrganizationEntity).existsBy({ id: organizationId }))) throw new NotFoundError('organisation');
  }
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

function staleVersion(currentVersion: number): HttpProblem {
  return new HttpProblem({
    type: CommonProblem.PreconditionFailed,
    title: 'Stale version',
    status: 412,
    detail: 'Someone changed this resource since you read it; read it again and retry.',
    currentVersion,
  });
}

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

function toMember(membership: MembershipEntity, user: UserEntity): Member {
  return {
    id: user.id,
    userId: user.id,
    organizationId: membership.organizationId,
    email: user.email,
    name: user.name,
    role: membership.role,
    createdAt: membership.createdAt.toISOString(),
    updatedAt: membership.updatedAt.toISOString(),
    version: membership.version,
  };
}
