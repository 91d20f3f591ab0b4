import { ApiSchema } from '@nestjs/swagger';
import { Campaign, CampaignFields } from './campaign.dto.js';

/**
 * Creates a campaign in the actor's organisation (managers), `draft`, with its rollup row. Fails with
 * Forbidden (403) and NotAParty (422: conventionId names a convention the organisation is not a party of).
 */
export const subject = 'campaigns.v1.campaign.create';
// Named for the OpenAPI document: every contract has a `Request`, and clients have a global one.
@ApiSchema({ name: 'CreateCampaignBody' })
export class Request extends CampaignFields {}
export class Response extends Campaign {}
