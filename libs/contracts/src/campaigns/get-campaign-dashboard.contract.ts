import { IdRequest } from '../common/id-request.js';
import { CampaignFigures } from './campaign-dashboard.dto.js';

/**
 * A campaign's figures (every role of the organisation), read from the rollups and the callbacks of
 * its targets. `byCaller[].name` is null here: the gateway, which owns the members' names, fills it.
 * Fails with NotFound (404).
 */
export const subject = 'campaigns.v1.campaign.dashboard';
export class Request extends IdRequest {}
export class Response extends CampaignFigures {}
