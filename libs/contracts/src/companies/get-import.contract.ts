import { IdRequest } from '../common/id-request.js';
import { ImportJob } from './import-job.dto.js';

/** Reads an import job of the actor's organisation. Fails with ImportNotFound (404). */
export const subject = 'companies.v1.import.get';
export class Request extends IdRequest {}
export class Response extends ImportJob {}
