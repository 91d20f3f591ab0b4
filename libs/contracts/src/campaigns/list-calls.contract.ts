import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { UUID_PROPERTY } from '../common/limits.js';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { CALL_OUTCOMES, type CallOutcome } from './campaign-enums.js';
import { Call, OptionalDateTime } from './call.dto.js';

/** The query of `GET /campaigns/{id}/calls`. */
export class CallsQuery extends PageQuery {
  @ApiPropertyOptional({ ...UUID_PROPERTY, description: 'Only the calls this member logged' })
  @IsOptional() @IsUUID()
  callerId?: string;

  @ApiPropertyOptional({ enum: CALL_OUTCOMES })
  @IsOptional() @IsIn(CALL_OUTCOMES)
  outcome?: CallOutcome;

  @OptionalDateTime({ description: 'Calls made at or after this moment' })
  from?: string;

  @OptionalDateTime({ description: 'Calls made before this moment' })
  to?: string;
}

/** A campaign's calls, newest first (then id), in cursor pages (every role). Fails with NotFound (404). */
export const subject = 'campaigns.v1.call.list';
export class Request extends CallsQuery {
  @IsUUID() campaignId!: string;
}
@ApiSchema({ name: 'CallPage' })
export class Response implements Page<Call> {
  @ApiProperty(pageItems(Call)) items!: Call[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
