import { type DatabaseDefinition, PlatformTables1763700000000 } from '@app/platform';

/** The `contacts` schema: owned and migrated by this service only. Its domain tables arrive with their issue. */
export const contactsDatabase: DatabaseDefinition = {
  schema: 'contacts',
  entities: [],
  migrations: [PlatformTables1763700000000],
};
