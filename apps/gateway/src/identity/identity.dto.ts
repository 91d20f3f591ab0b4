import { DATE_TIME_PROPERTY, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, NEXT_CURSOR_PROPERTY, OptionalNotNull, pageItems, Resource, ROLES, type Role, UUID_PROPERTY } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { MEMBER_ROLES, type MemberRole, ORGANIZATION_KINDS, type OrganizationKind } from './identity.entities.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class LoginBody {
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'claire.martin@club-dunkerque.fr' })
  @Transform(lowerTrim) @IsEmail() @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 256 })
  @IsString() @Length(1, 256)
  password!: string;

  @ApiPropertyOptional({ ...UUID_PROPERTY, description: 'Required when the user belongs to several organisations' })
  @OptionalNotNull() @IsUUID()
  organizationId?: string;
}

export class UserSummary {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH }) email!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
}

export class OrganizationSummary {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
}

/** Longest refresh token accepted (they are far shorter). */
const REFRESH_TOKEN_MAX_LENGTH = 512;

export class RefreshBody {
  @ApiProperty({ description: 'The refresh token of the last login or refresh', minLength: 1, maxLength: REFRESH_TOKEN_MAX_LENGTH })
  @IsString() @Length(1, REFRESH_TOKEN_MAX_LENGTH)
  refreshToken!: string;
}

/** A fresh pair: what login and refresh answer. */
export class TokenPairResponse {
  @ApiProperty({ maxLength: 4096, description: 'Bearer token for the Authorization header, short-lived (JWT_TTL_SECONDS)' }) accessToken!: string;
  @ApiProperty({ ...DATE_TIME_PROPERTY, description: 'When the access token expires' }) expiresAt!: string;
  @ApiProperty({ maxLength: REFRESH_TOKEN_MAX_LENGTH, description: 'Opaque; exchange it at POST /auth/refresh for the next pair. Each one works once.' }) refreshToken!: string;
  @ApiProperty(DATE_TIME_PROPERTY) refreshTokenExpiresAt!: string;
}

export class LoginResponse extends TokenPairResponse {
  @ApiProperty({ type: UserSummary }) user!: UserSummary;
  @ApiProperty({ type: OrganizationSummary, nullable: true, description: 'null for a platform administrator token' })
  organization!: OrganizationSummary | null;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class MeResponse {
  @ApiProperty({ type: UserSummary }) user!: UserSummary;
  @ApiProperty({ type: OrganizationSummary, nullable: true }) organization!: OrganizationSummary | null;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class CreateOrganizationBody {
  @ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Club Emploi Dunkerque' })
  @Transform(trim) @IsString() @Length(1, NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind!: OrganizationKind;
}

export class Organization extends Resource {
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
}

/** What a non-admin sees of organisations (id, name and kind only). */
export class OrganizationListItem {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
}

export class CreateMemberBody {
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH })
  @Transform(lowerTrim) @IsEmail() @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH })
  @Transform(trim) @IsString() @Length(1, NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;

  @ApiProperty({ minLength: 10, maxLength: 256, description: 'Ignored when the user already exists (their password stays theirs)' })
  @IsString() @Length(10, 256)
  password!: string;
}

export class UpdateMemberBody {
  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

export class Member extends Resource {
  @ApiProperty(UUID_PROPERTY) userId!: string;
  @ApiProperty(UUID_PROPERTY) organizationId!: string;
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH }) email!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role!: MemberRole;
}

export class MemberPage {
  @ApiProperty(pageItems(Member)) items!: Member[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}

export class OrganizationPage {
  @ApiProperty(pageItems(OrganizationListItem)) items!: OrganizationListItem[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
