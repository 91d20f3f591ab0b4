import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { PARTIES_MAX_ITEMS, PARTY_ROLES, type PartyRole } from './convention-enums.js';

export class ConventionPartyPayload {
  @IsUUID() organizationId!: string;
  @IsIn(PARTY_ROLES) role!: PartyRole;
}

/**
 * A convention was created or changed: its parties after the change, whole (a party missing from
 * the list is no longer one). `version` orders them: a consumer keeps the highest it applied.
 */
export class ConventionChangedPayload {
  @IsUUID() id!: string;
  @IsInt() @Min(1) version!: number;
  @IsArray() @ArrayMaxSize(PARTIES_MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => ConventionPartyPayload) parties!: ConventionPartyPayload[];
}

export const ConventionCreated = { subject: 'events.conventions.convention.created', Payload: ConventionChangedPayload, version: 1 };
export const ConventionUpdated = { subject: 'events.conventions.convention.updated', Payload: ConventionChangedPayload, version: 1 };
