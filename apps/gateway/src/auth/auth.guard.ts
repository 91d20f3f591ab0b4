import type { Role } from '@app/contracts';
import { ForbiddenError, UnauthenticatedError } from '@app/platform';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ALLOWED_ROLES, ALLOWED_TOKEN_LIMITS, PUBLIC_ROUTE } from './auth.decorators.js';
import type { AuthenticatedUser, LimitedTokenHolder, TokenLimit } from './authenticated-user.js';
import { LiveMemberships } from './live-memberships.js';
import { TokenService } from './token.service.js';

/** `user` for a full token; `limited` for a limited one, on the routes that accept it. */
export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser; limited?: LimitedTokenHolder };

/** Whoever holds the token, full or limited: for the routes marked @AllowLimitedToken. */
export const tokenHolder = (request: AuthenticatedRequest): AuthenticatedUser | LimitedTokenHolder => request.user ?? request.limited!;

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
    if ('limit' in user) {
      const limits = this.reflector.getAllAndOverride<TokenLimit[] | undefined>(ALLOWED_TOKEN_LIMITS, targets);
      if (!limits?.includes(user.limit)) throw new ForbiddenError(WHAT_TO_DO[user.limit]);
      request.limited = user;
      return true;
    }
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

/** What a limited token's holder must do before any other route answers them. */
const WHAT_TO_DO: Record<TokenLimit, string> = {
  password_change: 'Choose your own password first (POST /api/v1/me/password), then log in again.',
  no_organization: 'You have no active membership yet: accept an invitation (GET /api/v1/me/invitations), then log in again.',
};
