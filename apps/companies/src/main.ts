import 'reflect-metadata';
import { serviceMain } from '@app/platform';
import { AppModule } from './app.module.js';
import { companiesDatabase } from './database/companies.database.js';

await serviceMain({ service: 'companies', database: companiesDatabase, appModule: (env) => AppModule.register(env) });
