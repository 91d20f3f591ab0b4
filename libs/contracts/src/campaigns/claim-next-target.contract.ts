import { IsUUID } from 'class-validator';
import type { ClaimLease, ClaimedTarget } from './claim.dto.js';

/**
 * Hands the caller the next target of the campaign's queue under a lease (docs/campaigns.md, "A
 * claim"), or the claim they already hold. `claim` and `target` are null when nothing is left to
 * hand out. Fails with NotFound (404), Forbidden (403, viewers), BusinessRule (422, campaign not active).
 */
export const subject = 'campaigns.v1.claim.create';
export class Request {
  @IsUUID() campaignId!: string;
}
export class Response {
  claim!: ClaimLease | null;
  target!: ClaimedTarget | null;
}
