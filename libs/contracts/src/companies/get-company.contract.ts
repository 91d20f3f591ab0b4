import { IdRequest } from '../common/id-request.js';
import { Company } from './company.dto.js';

/** Reads one company of the actor's organisation. Fails with NotFound (404). */
export const subject = 'companies.v1.company.get';
export class Request extends IdRequest {}
export class Response extends Company {}
