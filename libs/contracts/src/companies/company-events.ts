import { type Address, Company } from './company.dto.js';

/** Emitted after a company is created or changed through the API: the whole new state. */
export class CompanyChangedPayload {
  company!: Company;
}

export class CompanyDeletedPayload {
  id!: string;
  organizationId!: string;
}

export const CompanyCreated = { subject: 'events.companies.company.created', Payload: CompanyChangedPayload, version: 1 };
export const CompanyUpdated = { subject: 'events.companies.company.updated', Payload: CompanyChangedPayload, version: 1 };
export const CompanyDeleted = { subject: 'events.companies.company.deleted', Payload: CompanyDeletedPayload, version: 1 };

/**
 * What an `imported` event says of each company: the fields other services keep of it (contacts:
 * id and version; campaigns: its call-queue summary), not the whole Company. An import writes a
 * million of them, so every field costs; a consumer that needs another one adds it here and to the
 * import's SQL (apps/companies/src/imports/imported-company.sql.ts).
 */
export class ImportedCompany {
  id!: string;
  siret!: string;
  name!: string;
  nafCode!: string | null;
  address!: Pick<Address, 'postalCode' | 'city'>;
  phone!: string | null;
  hiringPotential!: number | null;
  doNotCall!: boolean;
  version!: number;
}

/**
 * Emitted by an import for each batch it writes: up to 500 companies of one organisation, created
 * or changed, written in the batch's transaction. Consumers apply it like one `updated` per company.
 */
export class CompanyImportedPayload {
  organizationId!: string;
  companies!: ImportedCompany[];
}

export const CompanyImported = { subject: 'events.companies.company.imported', Payload: CompanyImportedPayload, version: 1 };
