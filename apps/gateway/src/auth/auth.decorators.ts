import type { Role } from '@app/contracts';
import type { TokenLimit } from './authenticated-user.js';
import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'filon:public';
export const ALLOWED_ROLES = 'filon:roles';
export const ALLOWED_TOKEN_LIMITS = 'filon:token-limits';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route (403 otherwise). Routes without it accept any valid token. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** These limited tokens may call the route too (every other route refuses them with 403). */
export const AllowLimitedToken = (...limits: TokenLimit[]) => SetMetadata(ALLOWED_TOKEN_LIMITS, limits);
