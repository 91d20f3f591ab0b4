import { type DatabaseDefinition, PlatformTables1763700000000 } from '@app/platform';
import { CompanySummaryEntity } from '../company-directory/company-summary.entity.js';
import { CreateCompanySummary1763760000000 } from './migrations/1763760000000-create-company-summary.js';

/** The `campaigns` schema: owned and migrated by this service only. */
export const campaignsDatabase: DatabaseDefinition = {
  schema: 'campaigns',
  entities: [CompanySummaryEntity],
  migrations: [PlatformTables1763700000000, CreateCompanySummary1763760000000],
};
