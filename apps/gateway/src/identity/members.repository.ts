import type { Page } from '@app/contracts';
import { decodeTextIdCursor, pageSize, toPage } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { CreateMemberBody, Member } from './identity.dto.js';
import { MembershipEntity, type MemberRole, UserEntity } from './identity.entities.js';

export interface InviteOutcome {
  userId: string;
  isPlatformAdmin: boolean;
  created: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
  version: number | null;
}

/** Memberships of an organisation and the accounts behind them (`identity.membership`, `identity.app_user`). */
@Injectable()
export class MembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One statement creates the account if the email has none (ON CONFLICT DO NOTHING) and the invited
   * membership if there is none (ON CONFLICT DO NOTHING), so that a burst of identical requests ends
   * with one account and one membership, never a unique violation. When a concurrent request created
   * the account after this statement's snapshot, neither branch sees it: the statement runs once more.
   */
  async invite(tx: EntityManager, organizationId: string, body: CreateMemberBody, passwordHash: string): Promise<InviteOutcome> {
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

  /** One page of the organisation's members by (email, id). */
  async page(organizationId: string, limit: number | undefined, cursor: string | undefined): Promise<Page<Member>> {
    const size = pageSize(limit);
    const query = this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('membership')
      .innerJoinAndMapOne('membership.user', UserEntity, 'user', 'user.id = membership.user_id')
      .where('membership.organization_id = :organizationId', { organizationId })
      .orderBy('user.email', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .limit(size + 1);
    if (cursor) {
      const { text: email, id } = decodeTextIdCursor(cursor);
      query.andWhere('(user.email, user.id) > (:email, :id)', { email, id });
    }
    const rows = (await query.getMany()) as (MembershipEntity & { user: UserEntity })[];
    return toPage(rows, size, (membership) => toMember(membership, membership.user), (row) => [row.user.email, row.user.id]);
  }

  /** The caller's membership, when active (what rights they have now, whatever their token says). */
  activeMembership(organizationId: string, userId: string, tx: EntityManager = this.dataSource.manager): Promise<MembershipEntity | null> {
    return tx.getRepository(MembershipEntity).findOneBy({ organizationId, userId, status: 'active' });
  }

  /** Reads and locks one membership until the transaction ends. */
  lock(tx: EntityManager, organizationId: string, userId: string): Promise<MembershipEntity | null> {
    return tx.getRepository(MembershipEntity).findOne({ where: { organizationId, userId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A new role; a real change also takes a new access version, so that tokens signed with the old rights stop working. */
  async changeRole(tx: EntityManager, organizationId: string, userId: string, role: MemberRole, roleChanges: boolean): Promise<Member> {
    await tx
      .getRepository(MembershipEntity)
      .createQueryBuilder()
      .update()
      .set({
        role,
        version: () => 'version + 1',
        updatedAt: () => 'now()',
        ...(roleChanges ? { accessVersion: () => `nextval('"identity"."membership_access_version_seq"')` } : {}),
      })
      .where('organization_id = :organizationId AND user_id = :userId', { organizationId, userId })
      .execute();
    const user = await tx.getRepository(UserEntity).findOneByOrFail({ id: userId });
    return toMember(await tx.getRepository(MembershipEntity).findOneByOrFail({ organizationId, userId }), user);
  }

  async delete(tx: EntityManager, organizationId: string, userId: string): Promise<void> {
    await tx.getRepository(MembershipEntity).delete({ organizationId, userId });
  }

  /** How many active managers the organisation has besides `userId` (an invitation may never be accepted: it does not count). */
  otherActiveManagers(tx: EntityManager, organizationId: string, userId: string): Promise<number> {
    return tx
      .getRepository(MembershipEntity)
      .createQueryBuilder('membership')
      .where("membership.organization_id = :organizationId AND membership.role = 'manager' AND membership.status = 'active' AND membership.user_id <> :userId", {
        organizationId,
        userId,
      })
      .getCount();
  }

  /**
   * The names of these users, in one query; unknown ids are left out, and so is anyone who is not a
   * member of one of `memberOfAny` when it is given.
   */
  async userNames(ids: readonly string[], memberOfAny?: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const query = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .select(['user.id', 'user.name'])
      .where({ id: In([...new Set(ids)]) });
    if (memberOfAny) {
      query.andWhere('EXISTS (SELECT 1 FROM "identity"."membership" membership WHERE membership.user_id = user.id AND membership.organization_id = ANY(:memberOfAny))', {
        memberOfAny: [...memberOfAny],
      });
    }
    const users = await query.getMany();
    return new Map(users.map((user) => [user.id, user.name]));
  }
}

/** Until the person accepts, the member shows the name the manager typed: the stored one is theirs to reveal. */
export function toMember(
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
