import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { NEXT_CURSOR_PROPERTY, Page, pageItems } from '../common/pagination.js';
import { CampaignDashboardLine } from './campaign-dashboard.dto.js';
import { Request as CampaignsQuery } from './list-campaigns.contract.js';

/**
 * The organisation's campaigns side by side, in the pages of the campaigns' list (newest first,
 * `status` filters), each with its figures. The figures of a page are read in one query per rollup
 * table, whatever the number of campaigns.
 */
export const subject = 'campaigns.v1.dashboard.list';
// Named for the OpenAPI document (it is also the gateway's query).
@ApiSchema({ name: 'DashboardQuery' })
export class Request extends CampaignsQuery {}
@ApiSchema({ name: 'DashboardPage' })
export class Response implements Page<CampaignDashboardLine> {
  @ApiProperty(pageItems(CampaignDashboardLine)) items!: CampaignDashboardLine[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
