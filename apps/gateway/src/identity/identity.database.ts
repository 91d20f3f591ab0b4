import { ConventionSharing1764800000000, type DatabaseDefinition, PlatformRetention1764630000000, PlatformTables1763700000000 } from '@app/platform';
import { MembershipEntity, OrganizationEntity, RefreshTokenEntity, UserEntity } from './identity.entities.js';
import { CreateIdentity1763740000000 } from './migrations/1763740000000-create-identity.js';
import { Sessions1764600000001 } from './migrations/1764600000001-sessions.js';
import { InvitationsAndPasswordChange1764610000001 } from './migrations/1764610000001-invitations-and-password-change.js';

/** The `identity` schema, the only one the gateway owns. */
export const identityDatabase: DatabaseDefinition = {
  schema: 'identity',
  entities: [OrganizationEntity, UserEntity, MembershipEntity, RefreshTokenEntity],
  migrations: [
    PlatformTables1763700000000,
    CreateIdentity1763740000000,
    Sessions1764600000001,
    InvitationsAndPasswordChange1764610000001,
    PlatformRetention1764630000000,
    ConventionSharing1764800000000,
  ],
};
