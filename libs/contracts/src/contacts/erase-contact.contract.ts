import { IdRequest } from '../common/id-request.js';

/**
 * Erases a contact (GDPR art. 17, managers only): the row goes, the audit trail keeps ids and
 * actions only, and `events.contacts.contact.erased` tells every other service to forget the
 * person. Fails with NotFound (404), Forbidden (403).
 */
export const subject = 'contacts.v1.contact.erase';
export class Request extends IdRequest {}
export class Response {
  id!: string;
}
