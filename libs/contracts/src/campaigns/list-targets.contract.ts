import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { TARGET_STATUSES, type TargetStatus } from './campaign-enums.js';
import { Target } from './target.dto.js';

/** A campaign's targets by company name, then id, in cursor pages; every role of the organisation reads them. */
export const subject = 'campaigns.v1.target.list';
export class Query extends PageQuery {
  @ApiPropertyOptional({ enum: TARGET_STATUSES })
  @IsOptional() @IsIn(TARGET_STATUSES)
  status?: TargetStatus;
}
export class Request extends Query {
  @IsUUID() campaignId!: string;
}
@ApiSchema({ name: 'TargetPage' })
export class Response implements Page<Target> {
  @ApiProperty(pageItems(Target)) items!: Target[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
