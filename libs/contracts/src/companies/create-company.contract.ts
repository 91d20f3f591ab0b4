import { Company, CompanyFields } from './company.dto.js';

/** Creates a company in the actor's organisation. Fails with SiretTaken (409, `existingId`). */
export const subject = 'companies.v1.company.create';
export class Request extends CompanyFields {}
export class Response extends Company {}
