import { ConventionSharing1764800000000, type DatabaseDefinition, PlatformRetention1764630000000, PlatformTables1763700000000 } from '@app/platform';
import { CampaignEntity } from '../campaigns/campaign.entity.js';
import { CompanySummaryEntity } from '../company-directory/company-summary.entity.js';
import { ContactOptOutEntity } from '../contact-opt-outs/contact-opt-out.entity.js';
import { CreateCompanySummary1763760000000 } from './migrations/1763760000000-create-company-summary.js';
import { CreateContactOptOut1763830000000 } from './migrations/1763830000000-create-contact-opt-out.js';
import { CreateCampaigns1764700000000 } from './migrations/1764700000000-create-campaigns.js';
import { ClaimHolderIndexes1764700200000 } from './migrations/1764700200000-claim-holder-indexes.js';

/** The `campaigns` schema: owned and migrated by this service only. */
export const campaignsDatabase: DatabaseDefinition = {
  schema: 'campaigns',
  entities: [CompanySummaryEntity, ContactOptOutEntity, CampaignEntity],
  migrations: [PlatformTables1763700000000, CreateCompanySummary1763760000000, CreateContactOptOut1763830000000, PlatformRetention1764630000000, CreateCampaigns1764700000000, ClaimHolderIndexes1764700200000, ConventionSharing1764800000000],
};
