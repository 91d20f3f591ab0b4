import { IdRequest } from '../common/id-request.js';
import { Campaign } from './campaign.dto.js';

/** Reads one campaign the actor may see. Fails with NotFound (404). */
export const subject = 'campaigns.v1.campaign.get';
export class Request extends IdRequest {}
export class Response extends Campaign {}
