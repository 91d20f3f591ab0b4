import {
  ConventionSharingModule,
  databaseOptions,
  EventBus,
  eventBusOptions,
  Inbox,
  loggingModule,
  natsRpcClientProvider,
  OutboxRelay,
  OutboxService,
  PlatformEnv,
  PlatformLifecycle,
  Pruning,
  Scheduler,
  UnitOfWork,
} from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createSecretKey } from 'node:crypto';
import { AuthGuard } from './auth/auth.guard.js';
import { LiveMemberships } from './auth/live-memberships.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { Sessions } from './auth/sessions.js';
import { TokenService } from './auth/token.service.js';
import { CampaignsController } from './campaigns/campaigns.controller.js';
import { CallsController } from './campaigns/calls.controller.js';
import { OffersController } from './campaigns/offers.controller.js';
import { CampaignReportsController } from './campaigns/campaign-reports.controller.js';
import { CompanyTimelineController } from './campaigns/company-timeline.controller.js';
import { MemberNames } from './campaigns/member-names.js';
import { ClaimsController } from './campaigns/claims.controller.js';
import { MeCallbacksController } from './campaigns/me-callbacks.controller.js';
import { CompaniesController } from './companies/companies.controller.js';
import { ImportFiles } from './companies/import-files.js';
import { ImportsController } from './companies/imports.controller.js';
import { AuditController } from './contacts/audit.controller.js';
import { ContactsController } from './contacts/contacts.controller.js';
import { ConventionsController } from './conventions/conventions.controller.js';
import { PartyOrganizations } from './conventions/party-organizations.js';
import { GatewayEnv } from './config/gateway.env.js';
import { resolveJwtSecret } from './config/jwt-secret.js';
import { AuthController } from './identity/auth.controller.js';
import { identityDatabase } from './identity/identity.database.js';
import { AuthenticationRepository } from './identity/authentication.repository.js';
import { AuthenticationService } from './identity/authentication.service.js';
import { MeController } from './identity/me.controller.js';
import { PasswordHasher, PasswordPolicy } from './identity/password-policy.js';
import { MembersRepository } from './identity/members.repository.js';
import { MembersService } from './identity/members.service.js';
import { OrganizationsController } from './identity/organizations.controller.js';
import { OrganizationsRepository } from './identity/organizations.repository.js';
import { OrganizationsService } from './identity/organizations.service.js';
import { HealthController } from './ops/health.controller.js';
import { GatewayOpsServer } from './ops/ops-server.js';
import { ProblemDetailsFilter } from './problem/problem-details.filter.js';

@Module({})
export class GatewayModule {
  static register(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      // Global so that ConventionSharingModule's consumer finds the Inbox, as a service's platform module exports it.
      global: true,
      imports: [
        loggingModule({ service: 'gateway', level: env.LOG_LEVEL, http: true }),
        TypeOrmModule.forRoot(databaseOptions(env.DATABASE_URL, identityDatabase, 'gateway', env.DATABASE_POOL_SIZE)),
        // A KeyObject, not the string: given a string, jsonwebtoken tries to parse it as a PEM public
        // key on every verify (OpenSSL, then an exception), which cost 40 % of the gateway's CPU (bench/).
        JwtModule.register({ secret: createSecretKey(Buffer.from(resolveJwtSecret(env), 'utf8')) }),
        TerminusModule,
        // The parties of conventions, in the identity schema: GET /organizations lists partners, dashboards name their callers.
        ConventionSharingModule.forConsumer('gateway-conventions'),
      ],
      controllers: [AuthController, MeController, OrganizationsController, CompaniesController, ImportsController, ContactsController, AuditController, CampaignsController, ClaimsController, MeCallbacksController, CallsController, OffersController, CampaignReportsController, CompanyTimelineController, ConventionsController, HealthController],
      providers: [
        { provide: GatewayEnv, useValue: env },
        { provide: PlatformEnv, useValue: env },
        { provide: EventBus, useFactory: () => new EventBus(eventBusOptions(env, 'gateway-events')) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        natsRpcClientProvider('gateway-rpc', GatewayEnv),
        ImportFiles,
        OutboxRelay,
        OutboxService,
        UnitOfWork,
        Inbox,
        Scheduler,
        Pruning,
        PlatformLifecycle,
        TokenService,
        LiveMemberships,
        Sessions,
        LoginThrottle,
        AuthenticationRepository,
        AuthenticationService,
        OrganizationsRepository,
        OrganizationsService,
        MembersRepository,
        MembersService,
        GatewayOpsServer,
        PasswordPolicy,
        PasswordHasher,
        MemberNames,
        PartyOrganizations,
      ],
      exports: [Inbox],
    };
  }
}
