import { MAX_PAGE_SIZE } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MembershipEntity, type MembershipStatus, OrganizationEntity, UserEntity } from './identity.entities.js';

export type MembershipWithOrganization = MembershipEntity & { organization: OrganizationEntity };

/** The accounts (`identity.app_user`) and what a person does with their own memberships. */
@Injectable()
export class AuthenticationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the platform administrator's account unless the email has one; true when created. */
  async insertAdministrator(email: string, passwordHash: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder()
      .insert()
      .values({ email, name: 'Administrator', passwordHash, isPlatformAdmin: true })
      .orIgnore()
      .execute();
    return result.raw.length > 0;
  }

  userByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email });
  }

  userById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  /** The person's memberships of one status with their organisations, by organisation name (`limit` of them when given). */
  memberships(userId: string, status: MembershipStatus, limit?: number): Promise<MembershipWithOrganization[]> {
    const query = this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('membership')
      .innerJoinAndMapOne('membership.organization', OrganizationEntity, 'organization', 'organization.id = membership.organization_id')
      .where('membership.user_id = :userId AND membership.status = :status', { userId, status })
      .orderBy('organization.name')
      .addOrderBy('organization.id');
    if (limit !== undefined) query.limit(limit);
    return query.getMany() as Promise<MembershipWithOrganization[]>;
  }

  /** The pending invitations, a bounded answer: the first MAX_PAGE_SIZE. */
  invitations(userId: string): Promise<MembershipWithOrganization[]> {
    return this.memberships(userId, 'invited', MAX_PAGE_SIZE);
  }

  /** The password the person chose: no longer one to change. */
  async replacePassword(tx: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await tx.getRepository(UserEntity).update({ id: userId }, { passwordHash, passwordChangeRequired: false, version: () => 'version + 1' });
  }

  invitation(organizationId: string, userId: string): Promise<MembershipEntity | null> {
    return this.dataSource.getRepository(MembershipEntity).findOneBy({ organizationId, userId, status: 'invited' });
  }

  /** The invitation becomes an active membership; false when there was none pending. */
  async acceptInvitation(tx: EntityManager, organizationId: string, userId: string): Promise<boolean> {
    const result = await tx
      .getRepository(MembershipEntity)
      .update({ organizationId, userId, status: 'invited' }, { status: 'active', invitedName: null, version: () => 'version + 1' });
    return (result.affected ?? 0) > 0;
  }

  /** The invitation is removed; false when there was none pending. */
  async declineInvitation(organizationId: string, userId: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(MembershipEntity).delete({ organizationId, userId, status: 'invited' });
    return (result.affected ?? 0) > 0;
  }
}
