import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { commaList } from '../common/transforms.js';
import { CampaignDashboardLine } from './campaign-dashboard.dto.js';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign-enums.js';

/**
 * The organisation's campaigns side by side, newest first, each with its figures, in cursor pages.
 * The figures of a page are read in one query per rollup table, whatever the number of campaigns.
 */
export const subject = 'campaigns.v1.dashboard.list';
// Named for the OpenAPI document (it is also the gateway's query).
@ApiSchema({ name: 'DashboardQuery' })
export class Request extends PageQuery {
  @ApiPropertyOptional({ type: String, maxLength: 40, description: 'Campaign statuses, comma-separated (any of them)', example: 'active,paused' })
  @IsOptional() @Transform(commaList) @IsArray() @ArrayMaxSize(CAMPAIGN_STATUSES.length)
  @IsIn(CAMPAIGN_STATUSES, { each: true, message: `status must be campaign statuses: ${CAMPAIGN_STATUSES.join(', ')}` })
  status?: CampaignStatus[];
}
@ApiSchema({ name: 'DashboardPage' })
export class Response implements Page<CampaignDashboardLine> {
  @ApiProperty(pageItems(CampaignDashboardLine)) items!: CampaignDashboardLine[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
