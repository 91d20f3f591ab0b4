import 'reflect-metadata';
import { serviceMain } from '@app/platform';
import { AppModule } from './app.module.js';
import { contactsDatabase } from './database/contacts.database.js';

await serviceMain({ service: 'contacts', database: contactsDatabase, appModule: (env) => AppModule.register(env) });
