import { ConventionSharing1764800000000, type DatabaseDefinition, PlatformRetention1764630000000, PlatformTables1763700000000 } from '@app/platform';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { CompanyRefEntity } from '../company-directory/company-ref.entity.js';
import { ContactEntity } from '../contacts/contact.entity.js';
import { CreateContacts1763810000000 } from './migrations/1763810000000-create-contacts.js';

/** The `contacts` schema: owned and migrated by this service only. */
export const contactsDatabase: DatabaseDefinition = {
  schema: 'contacts',
  entities: [ContactEntity, AuditEntryEntity, CompanyRefEntity],
  migrations: [PlatformTables1763700000000, CreateContacts1763810000000, PlatformRetention1764630000000, ConventionSharing1764800000000],
};
