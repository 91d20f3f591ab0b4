import { IsUUID } from 'class-validator';

/**
 * Gives a claim back without calling: the target returns to the queue at once. The holder or a
 * manager. Fails with NotFound (404: campaign, or no live claim with this id the caller may release).
 */
export const subject = 'campaigns.v1.claim.release';
export class Request {
  @IsUUID() campaignId!: string;
  @IsUUID() claimId!: string;
}
export class Response {
  id!: string;
}
