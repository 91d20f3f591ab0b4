import { type DatabaseDefinition, PlatformTables1763700000000 } from '@app/platform';
import { CompanyEntity } from '../companies/company.entity.js';
import { CreateCompany1763750000000 } from './migrations/1763750000000-create-company.js';

/** The `companies` schema: owned and migrated by this service only. */
export const companiesDatabase: DatabaseDefinition = {
  schema: 'companies',
  entities: [CompanyEntity],
  migrations: [PlatformTables1763700000000, CreateCompany1763750000000],
};
