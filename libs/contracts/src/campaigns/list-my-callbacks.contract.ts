import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { NEXT_CURSOR_PROPERTY, type Page, pageItems, PageQuery } from '../common/pagination.js';
import { CALLBACK_DUE_FILTERS, type CallbackDueFilter, MyCallback } from './my-callback.dto.js';

/**
 * The caller's own callbacks (targets in `callback` status booked by them) across the organisation's
 * campaigns that are not closed, soonest first, in cursor pages. `due`: `overdue` = callbackAt is
 * past; `today` = callbackAt falls on today's date in Europe/Paris (past or not); `all` (default).
 */
export const subject = 'campaigns.v1.callback.list-mine';
export class Request extends PageQuery {
  @ApiPropertyOptional({
    enum: CALLBACK_DUE_FILTERS,
    default: 'all',
    description: "overdue: callbackAt already past. today: callbackAt on today's date in Europe/Paris, the overdue ones of today included. all: every one",
  })
  @IsOptional() @IsIn(CALLBACK_DUE_FILTERS)
  due?: CallbackDueFilter;
}
@ApiSchema({ name: 'MyCallbackPage' })
export class Response implements Page<MyCallback> {
  @ApiProperty(pageItems(MyCallback)) items!: MyCallback[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
