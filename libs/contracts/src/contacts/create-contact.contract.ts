import { IsUUID } from 'class-validator';
import { Contact, ContactFields } from './contact.dto.js';

/**
 * Adds a contact to a company of the actor's organisation (managers and volunteers). Fails with
 * CompanyNotFound (404: unknown company, or another organisation's), Forbidden (403: viewers).
 */
export const subject = 'contacts.v1.contact.create';
export class Request extends ContactFields {
  @IsUUID() companyId!: string;
}
export class Response extends Contact {}
