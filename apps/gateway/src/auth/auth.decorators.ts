import type { Role } from '@app/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const PUBLIC_ROUTE = 'filon:public';
export const ALLOWED_ROLES = 'filon:roles';

/** No token needed (login, health, docs); documented as callable anonymously (`security: [{}]`). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiSecurity({}));

/** Only these roles may call the route (403 otherwise). Routes without it accept any valid token. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);
