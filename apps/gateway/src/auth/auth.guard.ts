import { CommonProblem, type Role } from '@app/contracts';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem/http-problem.js';
import { ALLOWED_ROLES, ALLOWED_TOKEN_LIMITS, PUBLIC_ROUTE } from './auth.decorators.js';
import type { AuthenticatedUser, LimitedTokenHolder, TokenLimit } from './authenticated-user.js';
import { TokenService } from './token.service.js';

/** `user` for a full token; `limited` for a limited one, on the routes that accept it. */
export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser; limited?: LimitedTokenHolder };

/** Whoever holds the token, full or limited: for the routes marked @AllowLimitedToken. */
export const tokenHolder = (request: AuthenticatedRequest): AuthenticatedUser | LimitedTokenHolder => request.user ?? request.limited!;

/** Global guard: a valid bearer token on every route but @Public ones, then the route's @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw unauthenticated('This route needs a bearer token: log in first.');
    const user = await this.tokens.verify(token).catch(() => undefined);
    if (!user) throw unauthenticated('The token is invalid or has expired: log in again.');
    if ('limit' in user) {
      const limits = this.reflector.getAllAndOverride<TokenLimit[] | undefined>(ALLOWED_TOKEN_LIMITS, targets);
      if (!limits?.includes(user.limit)) throw limitedTokenRefused(user.limit);
      request.limited = user;
      return true;
    }
    request.user = user;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.includes(user.role)) {
      throw new HttpProblem({ type: CommonProblem.Forbidden, title: 'Forbidden', status: 403, detail: 'Your role does not allow this.' });
    }
    return true;
  }
}

const unauthenticated = (detail: string) =>
  new HttpProblem({ type: CommonProblem.Unauthenticated, title: 'Unauthenticated', status: 401, detail });

const WHAT_TO_DO: Record<TokenLimit, string> = {
  password_change: 'Choose your own password first (POST /api/v1/me/password), then log in again.',
  no_organization: 'You have no active membership yet: accept an invitation (GET /api/v1/me/invitations), then log in again.',
};

const limitedTokenRefused = (limit: TokenLimit) =>
  new HttpProblem({ type: CommonProblem.Forbidden, title: 'Forbidden', status: 403, detail: WHAT_TO_DO[limit], tokenLimit: limit });
