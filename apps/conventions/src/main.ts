import 'reflect-metadata';
import { serviceMain } from '@app/platform';
import { AppModule } from './app.module.js';
import { conventionsDatabase } from './database/conventions.database.js';

await serviceMain({ service: 'conventions', database: conventionsDatabase, appModule: (env) => AppModule.register(env) });
