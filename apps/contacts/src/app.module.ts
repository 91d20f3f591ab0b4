import { ConventionSharingModule, ServiceEnv, ServicePlatformModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { ContactsModule } from './contacts/contacts.module.js';
import { contactsDatabase } from './database/contacts.database.js';

@Module({})
export class AppModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService({ service: 'contacts', env, database: contactsDatabase }), ConventionSharingModule.forConsumer('contacts-conventions'), ContactsModule],
    };
  }
}
