import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { NEXT_CURSOR_PROPERTY, type Page, pageItems, PageQuery } from '../common/pagination.js';
import { Convention } from './convention.dto.js';

/** The conventions the actor's organisation is a party to, by title then id, in cursor pages. */
export const subject = 'conventions.v1.convention.list';
export class Request extends PageQuery {}
@ApiSchema({ name: 'ConventionPage' })
export class Response implements Page<Convention> {
  @ApiProperty(pageItems(Convention)) items!: Convention[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
