import type { ServiceName } from '@app/contracts';
import type { DatabaseDefinition, ServiceEnv } from '@app/platform';
import type { DynamicModule } from '@nestjs/common';
import { AppModule as CampaignsModule } from '../../apps/campaigns/src/app.module.js';
import { campaignsDatabase } from '../../apps/campaigns/src/database/campaigns.database.js';
import { AppModule as CompaniesModule } from '../../apps/companies/src/app.module.js';
import { companiesDatabase } from '../../apps/companies/src/database/companies.database.js';
import { AppModule as ContactsModule } from '../../apps/contacts/src/app.module.js';
import { contactsDatabase } from '../../apps/contacts/src/database/contacts.database.js';
import { AppModule as ConventionsModule } from '../../apps/conventions/src/app.module.js';
import { conventionsDatabase } from '../../apps/conventions/src/database/conventions.database.js';
import { identityDatabase } from '../../apps/gateway/src/identity/identity.database.js';

/** Each domain service as the tests boot it: its root module and its schema. */
export const SERVICE_DEFINITIONS: Record<ServiceName, { module: (env: ServiceEnv) => DynamicModule; database: DatabaseDefinition }> = {
  companies: { module: (env) => CompaniesModule.register(env), database: companiesDatabase },
  contacts: { module: (env) => ContactsModule.register(env), database: contactsDatabase },
  campaigns: { module: (env) => CampaignsModule.register(env), database: campaignsDatabase },
  conventions: { module: (env) => ConventionsModule.register(env), database: conventionsDatabase },
};

/** Every schema of the system, gateway's first. */
export const ALL_DATABASES: { owner: string; database: DatabaseDefinition }[] = [
  { owner: 'gateway', database: identityDatabase },
  ...Object.entries(SERVICE_DEFINITIONS).map(([owner, definition]) => ({ owner, database: definition.database })),
];
