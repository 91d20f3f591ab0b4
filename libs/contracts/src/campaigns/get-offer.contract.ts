import { IdRequest } from '../common/id-request.js';
import { Offer } from './call.dto.js';

/** One offer of the organisation (every role). Fails with NotFound (404). */
export const subject = 'campaigns.v1.offer.get';
export class Request extends IdRequest {}
export class Response extends Offer {}
