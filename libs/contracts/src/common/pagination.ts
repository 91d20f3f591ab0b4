import { type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CURSOR_MAX_LENGTH } from './limits.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `?limit=&cursor=` of every list route. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ maxLength: CURSOR_MAX_LENGTH, description: 'Opaque: the nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(CURSOR_MAX_LENGTH)
  cursor?: string;
}

/** `nextCursor` of every page answer: null on the last page. */
export const NEXT_CURSOR_PROPERTY = { type: String, nullable: true, maxLength: CURSOR_MAX_LENGTH } as const;

/** `items` of every page answer: at most a page. */
export const pageItems = (type: new () => unknown): ApiPropertyOptions => ({ type: [type], maxItems: MAX_PAGE_SIZE });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
