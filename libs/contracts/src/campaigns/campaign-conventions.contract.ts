import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { INDICATOR_CAMPAIGNS_MAX_ITEMS } from '../conventions/convention-enums.js';

/**
 * INTERNAL (service to service, no gateway route): the convention of each of `ids` that exists, in
 * any organisation. The conventions service asks it when an indicator names campaigns, to check that
 * they all belong to the convention; it never passes the answer on, so no caller learns whether
 * another organisation's campaign exists.
 */
export const subject = 'campaigns.v1.campaign.conventions-of';
export class Request {
  @IsArray() @ArrayMaxSize(INDICATOR_CAMPAIGNS_MAX_ITEMS) @IsUUID('all', { each: true }) ids!: string[];
}
export class CampaignConvention {
  id!: string;
  conventionId!: string | null;
}
export class Response {
  /** One per id that names a campaign, in no particular order; unknown ids are left out. */
  items!: CampaignConvention[];
}
