import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { Campaign, CampaignChanges } from './campaign.dto.js';

/**
 * Changes a campaign (managers), its status included, only at `expectedVersion`. Fails with NotFound
 * (404), Forbidden (403), PreconditionFailed (412), ValidationFailed (400: endsOn before startsOn),
 * StatusTransition (422: an impossible status change), Closed (422: a closed campaign is final) and
 * NotAParty (422: conventionId names a convention the organisation is not a party of).
 */
export const subject = 'campaigns.v1.campaign.update';
export class Request {
  @IsUUID() id!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsDefined() @ValidateNested() @Type(() => CampaignChanges) changes!: CampaignChanges;
}
export class Response extends Campaign {}
