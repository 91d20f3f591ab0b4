import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { Contact, ContactChanges } from './contact.dto.js';

/**
 * Changes some fields of a contact (managers and volunteers). The change applies only to
 * `expectedVersion` (required): otherwise PreconditionFailed (412) and nothing changes. Setting
 * `optedOut` to true publishes `events.contacts.contact.opted-out`, back to false `…opted-in`.
 * Fails with NotFound (404), Forbidden (403: viewers).
 */
export const subject = 'contacts.v1.contact.update';
export class Request {
  @IsUUID() id!: string;
  // Required on this side too: NATS is a trust boundary, and no caller may fall back to last-writer-wins.
  @IsInt() @Min(1) expectedVersion!: number;
  // ValidateNested skips undefined: without IsDefined a missing `changes` would reach the service.
  @IsDefined() @ValidateNested() @Type(() => ContactChanges) changes!: ContactChanges;
}
export class Response extends Contact {}
