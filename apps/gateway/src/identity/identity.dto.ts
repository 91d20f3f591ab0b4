import { DATE_TIME_PROPERTY, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, NEXT_CURSOR_PROPERTY, OptionalNotNull, pageItems, Resource, ROLES, type Role, UUID_PROPERTY } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { MEMBER_ROLES, type MemberRole, MEMBERSHIP_STATUSES, type MembershipStatus, ORGANIZATION_KINDS, type OrganizationKind } from './identity.entities.js';
import { PASSWORD_LENGTH_RULE, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.js';

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

const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not guessable (zxcvbn score 3 or more), not containing the email`;
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

/** A limited token (passwordChangeRequired, or no organisation yet) comes without a refresh token. */
export class LoginResponse extends OmitType(TokenPairResponse, ['refreshToken', 'refreshTokenExpiresAt'] as const) {
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: REFRESH_TOKEN_MAX_LENGTH,
    description: 'Opaque; exchange it at POST /auth/refresh for the next pair. Each one works once. null for a limited token',
  })
  refreshToken!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) refreshTokenExpiresAt!: string | null;
  @ApiProperty({ type: UserSummary }) user!: UserSummary;
  @ApiProperty({ type: OrganizationSummary, nullable: true, description: 'null for a platform administrator token and for a limited token' })
  organization!: OrganizationSummary | null;
  @ApiProperty({ enum: ROLES, nullable: true, description: 'null for a limited token' }) role!: Role | null;
  @ApiProperty({ description: 'true: the password was set by a manager; this token only allows POST /me/password and GET /me' })
  passwordChangeRequired!: boolean;
}

export class MeResponse {
  @ApiProperty({ type: UserSummary }) user!: UserSummary;
  @ApiProperty({ type: OrganizationSummary, nullable: true }) organization!: OrganizationSummary | null;
  @ApiProperty({ enum: ROLES, nullable: true, description: 'null for a limited token' }) role!: Role | null;
  @ApiProperty({ description: 'true until the person replaces the password a manager set' }) passwordChangeRequired!: boolean;
}

export class ChangePasswordBody {
  @ApiProperty({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })
  @IsString() @Length(1, PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: PASSWORD_RULE })
  @IsString() @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH_RULE })
  newPassword!: string;
}

/** A membership waiting for its person's answer. */
export class Invitation {
  @ApiProperty({ type: OrganizationSummary }) organization!: OrganizationSummary;
  @ApiProperty({ enum: MEMBER_ROLES }) role!: MemberRole;
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

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: `The initial password of a new account, to be changed at first login; ignored when the account exists (its password stays its own). ${PASSWORD_RULE}`,
  })
  @IsString() @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH_RULE })
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
  @ApiProperty({ enum: MEMBERSHIP_STATUSES, description: '`invited` until the person accepts; only `active` members can log in to the organisation' })
  status!: MembershipStatus;
}

export class MemberPage {
  @ApiProperty(pageItems(Member)) items!: Member[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}

export class OrganizationPage {
  @ApiProperty(pageItems(OrganizationListItem)) items!: OrganizationListItem[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
