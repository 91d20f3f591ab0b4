import { ApiSchema } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Call, CallFields } from './call.dto.js';

/**
 * Logs a call on a target of an active campaign (managers and volunteers), with its offers, in one
 * transaction: the target moves (docs/campaigns.md), the caller's claim on it is released, the
 * rollups count it and `events.campaigns.call.logged` is published. Idempotent with an
 * Idempotency-Key. Fails with NotFound (404: campaign), Forbidden (403: viewers), ValidationFailed
 * (400: callbackAt, meetingAt, offers against the outcome), BusinessRule (422: campaign not active,
 * not a target, target done or excluded, contact not of the company), Conflict (409: another
 * member holds a live claim on the target).
 */
export const subject = 'campaigns.v1.call.log';
@ApiSchema({ name: 'LogCallBody' })
export class Request extends CallFields {
  @IsUUID() campaignId!: string;
}
export class Response extends Call {}
