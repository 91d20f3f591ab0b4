import { ServiceEnv, ServicePlatformModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { ConventionsModule } from './conventions/conventions.module.js';
import { conventionsDatabase } from './database/conventions.database.js';

@Module({})
export class AppModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService({ service: 'conventions', env, database: conventionsDatabase }), ConventionsModule],
    };
  }
}
