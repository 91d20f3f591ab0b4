import { CommonProblem, type Role } from '@app/contracts';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem/http-problem.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { TokenService } from './token.service.js';

export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

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
