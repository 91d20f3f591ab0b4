import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { CALL_OUTCOMES, type CallOutcome, OFFER_CONTRACT_TYPES, type OfferContractType } from './campaign-enums.js';

/** An offer as call events carry it: what indicators count, no free text. */
export class LoggedOffer {
  @IsUUID() id!: string;
  @IsIn(OFFER_CONTRACT_TYPES) contractType!: OfferContractType;
  @IsInt() @Min(1) positions!: number;
}

/**
 * A call was logged. Ids, outcome and counts only, never notes or names (the stream keeps events
 * for days; an erased contact must leave nothing in it). `firstContact` / `firstReach` say whether
 * this call made its target contacted / reached for the first time in the campaign, so that a
 * consumer counts companies without keeping every call.
 */
export class CallLoggedPayload {
  @IsUUID() id!: string;
  @IsUUID() organizationId!: string;
  @IsUUID() campaignId!: string;
  @IsOptional() @IsUUID() conventionId!: string | null;
  @IsUUID() companyId!: string;
  @IsUUID() callerId!: string;
  @IsIn(CALL_OUTCOMES) outcome!: CallOutcome;
  @IsISO8601() calledAt!: string;
  @IsBoolean() firstContact!: boolean;
  @IsBoolean() firstReach!: boolean;
  @IsArray() @ValidateNested({ each: true }) @Type(() => LoggedOffer) offers!: LoggedOffer[];
}

/** Emitted in the call's transaction. The companies service marks the company `doNotCall` on that outcome. */
export const CallLogged = { subject: 'events.campaigns.call.logged', Payload: CallLoggedPayload, version: 1 };
