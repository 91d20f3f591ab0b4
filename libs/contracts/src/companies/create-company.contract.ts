import { ApiSchema } from '@nestjs/swagger';
import { Company, CompanyFields } from './company.dto.js';

/** Creates a company in the actor's organisation. Fails with SiretTaken (409, `existingId`). */
export const subject = 'companies.v1.company.create';
// Named for the OpenAPI document: every contract has a `Request`, and clients have a global one.
@ApiSchema({ name: 'CreateCompanyBody' })
export class Request extends CompanyFields {}
export class Response extends Company {}
