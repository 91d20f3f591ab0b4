import { CommonProblem } from '@app/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { IMPORT_ROUTE } from '../companies/import-upload.js';
import { TokenService } from '../auth/token.service.js';
import type { GatewayEnv } from '../config/gateway.env.js';
import { HttpProblem } from '../problem/http-problem.js';

/** The route families, each with its own budget per token holder (per client address for `auth` and token-less calls). */
export type RouteFamily = 'reads' | 'writes' | 'imports' | 'auth';

const AUTH_PATH = /^\/api\/v1\/auth\//;
const READ_METHODS = new Set(['GET', 'HEAD']);

/** Which budget a request spends (every answer says where its caller stands), or undefined for a CORS preflight. */
export function routeFamilyOf(method: string, url: string): RouteFamily | undefined {
  const path = url.split('?', 1)[0]!;
  // CORS preflights are answered by the CORS layer and carry no token: they spend nothing.
  if (method === 'OPTIONS') return undefined;
  if (AUTH_PATH.test(path)) return 'auth';
  if (READ_METHODS.has(method)) return 'reads';
  return method === 'POST' && path === IMPORT_ROUTE ? 'imports' : 'writes';
}

/**
 * Per-token rate budgets per route family (a token's budget is its holder's, shared with their other tokens), counted in this replica's memory (no I/O on the hot
 * path; behind N replicas a caller gets up to N times the budget). Every limited answer carries the
 * IETF headers of draft-ietf-httpapi-ratelimit-headers (RateLimit-Policy and RateLimit, structured
 * fields); a spent budget answers 429 with Retry-After.
 */
export class RateBudgets {
  private readonly limiters: Record<RouteFamily, RateLimiterMemory>;
  private readonly policies: Record<RouteFamily, string>;

  constructor(
    env: GatewayEnv,
    private readonly tokens: TokenService,
  ) {
    const window = env.RATE_LIMIT_WINDOW_SECONDS;
    const quotas: Record<RouteFamily, number> = {
      reads: env.RATE_LIMIT_READS,
      writes: env.RATE_LIMIT_WRITES,
      imports: env.RATE_LIMIT_IMPORTS,
      auth: env.RATE_LIMIT_AUTH,
    };
    const families = Object.keys(quotas) as RouteFamily[];
    this.limiters = Object.fromEntries(
      families.map((family) => [family, new RateLimiterMemory({ keyPrefix: family, points: quotas[family], duration: window })]),
    ) as Record<RouteFamily, RateLimiterMemory>;
    this.policies = Object.fromEntries(families.map((family) => [family, `"${family}";q=${quotas[family]};w=${window}`])) as Record<RouteFamily, string>;
  }

  /** Spends one request of the caller's budget: sets the headers, and throws the 429 problem when it is spent. */
  async spend(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const family = routeFamilyOf(request.method, request.url);
    if (!family) return;
    let outcome: RateLimiterRes;
    let spent = false;
    try {
      outcome = await this.limiters[family].consume(await this.budgetKeyOf(request, family));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      outcome = rejection;
      spent = true;
    }
    const resetSeconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
    void reply.header('RateLimit-Policy', this.policies[family]);
    void reply.header('RateLimit', `"${family}";r=${Math.max(0, outcome.remainingPoints)};t=${resetSeconds}`);
    if (spent) {
      throw new HttpProblem({
        type: CommonProblem.TooManyRequests,
        title: 'Too many requests',
        status: 429,
        detail: `The ${family} budget of this token's holder (or, without a valid token, of this address) is spent: retry in ${resetSeconds} s.`,
        retryAfterSeconds: resetSeconds,
      });
    }
  }

  /**
   * Who a request is counted against: the holder of its token when the token is valid (verify() is
   * cached, so the auth guard's check after this one costs nothing), that is its user in its
   * organisation, so that refreshing the token does not start a fresh budget; else its client
   * address, so that made-up tokens cannot buy fresh budgets either. /auth always counts per
   * address, as its callers have no token yet.
   */
  private async budgetKeyOf(request: FastifyRequest, family: RouteFamily): Promise<string> {
    const header = request.headers.authorization;
    if (family !== 'auth' && header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      const holder = await this.tokens.verify(token).catch(() => undefined);
      // A limited token (account not set up yet) has no organisation: it counts under the user alone.
      if (holder) return `user:${holder.userId}:${'limit' in holder ? 'limited' : (holder.organizationId ?? 'platform')}`;
    }
    return `address:${request.ip}`;
  }

  /** Counts every request before routing, so unknown routes and refused tokens spend too. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply) => this.spend(request, reply));
  }
}
