import type { Role } from '@app/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { TokenLimit } from './authenticated-user.js';

export const PUBLIC_ROUTE = 'filon:public';
export const ALLOWED_ROLES = 'filon:roles';
export const ALLOWED_TOKEN_LIMITS = 'filon:token-limits';

/** No token needed (login, health, docs); documented as callable anonymously (`security: [{}]`). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiSecurity({}));

/** Only these roles may call the route (403 otherwise). Routes without it accept any valid token. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** These limited tokens may call the route too (every other route refuses them with 403). */
export const AllowLimitedToken = (...limits: TokenLimit[]) => SetMetadata(ALLOWED_TOKEN_LIMITS, limits);
