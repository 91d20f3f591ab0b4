import type { Role } from '@app/contracts';
import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'filon:public';
export const ALLOWED_ROLES = 'filon:roles';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route (403 otherwise). Routes without it accept any valid token. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);
