import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { Contact } from './contact.dto.js';

/** A company's contacts, by last name then id, in cursor pages. Fails with CompanyNotFound (404). */
export const subject = 'contacts.v1.contact.list';
export class Request extends PageQuery {
  @IsUUID() companyId!: string;
}
// Named for the OpenAPI document: every contract has a `Response`, and clients have a global one.
@ApiSchema({ name: 'ContactPage' })
export class Response implements Page<Contact> {
  @ApiProperty(pageItems(Contact)) items!: Contact[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
