import { ServiceEnv, ServicePlatformModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { CompaniesModule } from './companies/companies.module.js';
import { companiesDatabase } from './database/companies.database.js';
import { ImportsModule } from './imports/imports.module.js';
import { ReferenceModule } from './reference/reference.module.js';

@Module({})
export class AppModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService({ service: 'companies', env, database: companiesDatabase }), ReferenceModule, CompaniesModule, ImportsModule],
    };
  }
}
