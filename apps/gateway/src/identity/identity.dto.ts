import { OptionalNotNull, Resource, ROLES, type Role } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { MEMBER_ROLES, type MemberRole, ORGANIZATION_KINDS, type OrganizationKind } from './identity.entities.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class LoginBody {
  @ApiProperty({ format: 'email', example: 'claire.martin@club-dunkerque.fr' })
  @Transform(lowerTrim) @IsEmail() @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 256 })
  @IsString() @Length(1, 256)
  password!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when the user belongs to several organisations' })
  @OptionalNotNull() @IsUUID()
  organizationId?: string;
}

export class UserSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
}

export class OrganizationSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'Bearer token for the Authorization header' }) accessToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
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
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Club Emploi Dunkerque' })
  @Transform(trim) @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind!: OrganizationKind;
}

export class Organization extends Resource {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
}

/** What a non-admin sees of organisations (API.md: id, name, kind only). */
export class OrganizationListItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind!: OrganizationKind;
}

export class CreateMemberBody {
  @ApiProperty({ format: 'email' })
  @Transform(lowerTrim) @IsEmail() @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(trim) @IsString() @Length(1, 200)
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
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role!: MemberRole;
}

export class MemberPage {
  @ApiProperty({ type: [Member] }) items!: Member[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class OrganizationPage {
  @ApiProperty({ type: [OrganizationListItem] }) items!: OrganizationListItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
