import { IsUUID } from 'class-validator';
import { Call } from './call.dto.js';

/** One call of a campaign (every role of the organisation). Fails with NotFound (404). */
export const subject = 'campaigns.v1.call.get';
export class Request {
  @IsUUID() campaignId!: string;
  @IsUUID() id!: string;
}
export class Response extends Call {}
