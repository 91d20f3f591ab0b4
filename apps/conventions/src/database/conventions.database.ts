import { type DatabaseDefinition, PlatformRetention1764630000000, PlatformTables1763700000000 } from '@app/platform';

/** The `conventions` schema: owned and migrated by this service only. Its domain tables arrive with their issue. */
export const conventionsDatabase: DatabaseDefinition = {
  schema: 'conventions',
  entities: [],
  migrations: [PlatformTables1763700000000, PlatformRetention1764630000000],
};
