import { type DatabaseDefinition, PlatformRetention1764630000000, PlatformTables1763700000000 } from '@app/platform';
import { CreateConventions1764710000000 } from './migrations/1764710000000-create-conventions.js';

/** The `conventions` schema: owned and migrated by this service only. Its repositories write SQL, no entities. */
export const conventionsDatabase: DatabaseDefinition = {
  schema: 'conventions',
  entities: [],
  migrations: [PlatformTables1763700000000, PlatformRetention1764630000000, CreateConventions1764710000000],
};
