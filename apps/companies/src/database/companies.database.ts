import { type DatabaseDefinition, PlatformRetention1764630000000, PlatformTables1763700000000 } from '@app/platform';
import { CompanyEntity } from '../companies/company.entity.js';
import { ImportJobEntity } from '../imports/import-job.entity.js';
import { CreateCompany1763750000000 } from './migrations/1763750000000-create-company.js';
import { ReferenceData1763760000000 } from './migrations/1763760000000-reference-data.js';
import { CompanySearch1763770000000 } from './migrations/1763770000000-company-search.js';
import { CreateImportJob1763820000000 } from './migrations/1763820000000-create-import-job.js';
import { CompanySearchWords1763840000000 } from './migrations/1763840000000-company-search-words.js';
import { ImportFileReference1764630000001 } from './migrations/1764630000001-import-file-reference.js';
import { CompanyOrganizationIdIndex1764650000000 } from './migrations/1764650000000-company-organization-id-index.js';

/** The `companies` schema: owned and migrated by this service only. */
export const companiesDatabase: DatabaseDefinition = {
  schema: 'companies',
  entities: [CompanyEntity, ImportJobEntity],
  migrations: [
    PlatformTables1763700000000, CreateCompany1763750000000, ReferenceData1763760000000, CompanySearch1763770000000, CreateImportJob1763820000000, CompanySearchWords1763840000000,
    PlatformRetention1764630000000, ImportFileReference1764630000001, CompanyOrganizationIdIndex1764650000000,
  ],
};
