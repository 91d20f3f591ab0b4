import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { Contact, ContactChanges } from './contact.dto.js';

/**
 * Changes some fields of a contact (managers and volunteers). With `expectedVersion` the change
 * applies only to that version: otherwise PreconditionFailed (412) and nothing changes. Setting
 * `optedOut` to true publishes `events.contacts.contact.opted-out`, back to false `…opted-in`.
 * Fails with NotFound (404), Forbidden (403: viewers).
 */
export const subject = 'contacts.v1.contact.update';
export class Request {
  @IsUUID() id!: string;
  @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
  // ValidateNested skips undefined: without IsDefined a missing `changes` would reach the service.
  @IsDefined() @ValidateNested() @Type(() => ContactChanges) changes!: ContactChanges;
}
export class Response extends Contact {}
