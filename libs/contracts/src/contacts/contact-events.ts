import { IsUUID } from 'class-validator';

/**
 * Contact events carry ids only, never personal data: the event stream keeps messages for days and
 * an erased person must leave nothing in it.
 */
export class ContactRefPayload {
  @IsUUID() id!: string;
  @IsUUID() organizationId!: string;
  @IsUUID() companyId!: string;
}

/** The person objected: every active campaign's queue must skip them. */
export const ContactOptedOut = { subject: 'events.contacts.contact.opted-out', Payload: ContactRefPayload, version: 1 };
/** The objection was withdrawn (optedOut set back to false). */
export const ContactOptedIn = { subject: 'events.contacts.contact.opted-in', Payload: ContactRefPayload, version: 1 };
/** The person was erased (DELETE, or their company was deleted): every service forgets them. */
export const ContactErased = { subject: 'events.contacts.contact.erased', Payload: ContactRefPayload, version: 1 };
