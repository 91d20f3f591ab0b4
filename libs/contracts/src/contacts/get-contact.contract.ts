import { IdRequest } from '../common/id-request.js';
import { Contact } from './contact.dto.js';

/** Reads one contact of the actor's organisation. Fails with NotFound (404). */
export const subject = 'contacts.v1.contact.get';
export class Request extends IdRequest {}
export class Response extends Contact {}
