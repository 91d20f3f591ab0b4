import type { Role } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ORGANIZATION_KINDS = ['club', 'agency', 'chamber', 'partner', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const MEMBER_ROLES = ['manager', 'volunteer', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number] & Role;

/** A tenant: a club, an agency, a chamber of trades, a partner. */
@Entity({ name: 'organization' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' }) id!: string;
  @Column({ name: 'name', type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'kind', type: 'varchar', length: 20 }) kind!: OrganizationKind;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
}

@Entity({ name: 'app_user' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' }) id!: string;
  /** Stored lower-cased; unique. */
  @Column({ name: 'email', type: 'varchar', length: 254 }) email!: string;
  @Column({ name: 'name', type: 'varchar', length: 200 }) name!: string;
  /** argon2id PHC string. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 }) passwordHash!: string;
  @Column({ name: 'is_platform_admin', type: 'boolean', default: false }) isPlatformAdmin!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
}

/** A user's role in one organisation. */
@Entity({ name: 'membership' })
export class MembershipEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'role', type: 'varchar', length: 20 }) role!: MemberRole;
  /** Signed into access tokens; a new value from a sequence at every change of rights (role), so older tokens stop working. */
  @Column({ name: 'access_version', type: 'bigint', transformer: { to: (value: unknown) => value, from: (value: string) => Number(value) } })
  accessVersion!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
}

/** One refresh token (only its SHA-256 is stored). A login starts a family; each refresh rotates within it. */
@Entity({ name: 'refresh_token' })
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' }) id!: string;
  @Column({ name: 'family_id', type: 'uuid' }) familyId!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  /** null for a platform administrator's session. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId!: string | null;
  @Column({ name: 'token_hash', type: 'bytea' }) tokenHash!: Buffer;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Set when it was exchanged for the next token of its family: presenting it again is a reuse. */
  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true }) rotatedAt!: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
