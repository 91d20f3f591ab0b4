import 'reflect-metadata';
import { serviceMain } from '@app/platform';
import { AppModule } from './app.module.js';
import { campaignsDatabase } from './database/campaigns.database.js';

await serviceMain({ service: 'campaigns', database: campaignsDatabase, appModule: (env) => AppModule.register(env) });
