import type { Role } from '@app/contracts';
import { ForbiddenError, UnauthenticatedError } from '@app/platform';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { LiveMemberships } from './live-memberships.js';
import { TokenService } from './token.service.js';

export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

/**
 * Global guard: a valid bearer token on every route but @Public ones, whose membership is still the
 * one it was signed for (removed or changed since: 401, the client refreshes), then the route's @Roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly memberships: LiveMemberships,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new UnauthenticatedError('This route needs a bearer token: log in first.');
    const user = await this.tokens.verify(token).catch(() => undefined);
    if (!user) throw new UnauthenticatedError('The token is invalid or has expired: log in again.');
    if (user.organizationId) {
      const live = await this.memberships.get(user.organizationId, user.userId);
      if (live?.accessVersion !== user.membershipVersion) {
        throw new UnauthenticatedError('Your membership of this organisation has changed or ended: refresh your token or log in again.');
      }
    }
    request.user = user;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.includes(user.role)) throw new ForbiddenError();
    return true;
  }
}
