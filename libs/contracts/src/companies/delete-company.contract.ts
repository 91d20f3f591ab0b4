import { IdRequest } from '../common/id-request.js';

/** Deletes a company; its contacts go with it (through the `deleted` event). Fails with NotFound (404). */
export const subject = 'companies.v1.company.delete';
export class Request extends IdRequest {}
export class Response {
  id!: string;
}
