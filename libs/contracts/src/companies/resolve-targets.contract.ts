import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { CompanyFilter } from './company-filter.js';

/** At most this many companies per page: 5,000 × ~90 bytes stays far below NATS's 1 MB message limit. */
export const MAX_RESOLVED_PAGE = 5000;

/**
 * The organisation's companies a campaign may target, as a keyset page in id order: those of
 * `companyIds` that exist in the actor's organisation (unknown ids are left out), or those matching
 * `filter` after `after`. Each with what the queue orders by and whether it may be called.
 */
export const subject = 'companies.v1.company.resolve-targets';
export class Request {
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_RESOLVED_PAGE) @IsUUID('all', { each: true })
  companyIds?: string[];

  @IsOptional() @ValidateNested() @Type(() => CompanyFilter)
  filter?: CompanyFilter;

  @IsOptional() @IsUUID() after?: string;

  @IsInt() @Min(1) @Max(MAX_RESOLVED_PAGE) limit!: number;
}
export class ResolvedTarget {
  id!: string;
  hiringPotential!: number | null;
  doNotCall!: boolean;
}
export class Response {
  items!: ResolvedTarget[];
  /** The last id of this page when another may follow; null when this page is the last. */
  nextAfter!: string | null;
}
