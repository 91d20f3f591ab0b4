import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Page, PageQuery } from '../common/pagination.js';
import { Company } from './company.dto.js';

/** Lists the organisation's companies, by name then id, in cursor pages. */
export const subject = 'companies.v1.company.list';
export class Request extends PageQuery {}
// Named for the OpenAPI document: every contract has a `Response`, and clients have a global one.
@ApiSchema({ name: 'CompanyPage' })
export class Response implements Page<Company> {
  @ApiProperty({ type: [Company] }) items!: Company[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
