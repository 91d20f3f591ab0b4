import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { Campaign } from './campaign.dto.js';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign-enums.js';

/** The organisation's campaigns, newest first, in cursor pages; `status` filters. */
export const subject = 'campaigns.v1.campaign.list';
export class Request extends PageQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional() @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}
@ApiSchema({ name: 'CampaignPage' })
export class Response implements Page<Campaign> {
  @ApiProperty(pageItems(Campaign)) items!: Campaign[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
