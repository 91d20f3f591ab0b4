import { ROLES } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { type AccessTokenClaims, type AuthenticatedUser, type LimitedTokenHolder, TOKEN_LIMITS } from './authenticated-user.js';

export const TOKEN_ISSUER = 'filon';
export const TOKEN_AUDIENCE = 'filon-api';
const ALGORITHM = 'HS256';

/**
 * Tokens already verified, until they expire. A client sends the same token with every request until
 * it expires; checking its signature and claims again each time was 8 % of the gateway's CPU on the hot read
 * (bench/RESULTS.md). Only tokens that passed every check are kept, each until its own `exp`, so an
 * entry never outlives what a fresh verification would accept; the size cap bounds the memory.
 */
const VERIFIED_TOKENS = 10_000;

/** Signs and verifies access tokens with one fixed algorithm, issuer and audience (RFC 8725 §3.1, §3.8–3.9). */
@Injectable()
export class TokenService {
  private readonly verified = new LRUCache<string, AuthenticatedUser | LimitedTokenHolder>({ max: VERIFIED_TOKENS });

  constructor(private readonly jwt: JwtService) {}

  async sign(user: AuthenticatedUser | LimitedTokenHolder, ttlSeconds: number): Promise<{ accessToken: string; expiresAt: string }> {
    const claims: AccessTokenClaims =
      'limit' in user
        ? { sub: user.userId, org: null, lim: user.limit }
        : { sub: user.userId, org: user.organizationId, role: user.role, mv: user.membershipVersion };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ALGORITHM,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: ttlSeconds,
    });
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return { accessToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The holder of a token this process verified and that has not expired since, without waiting: undefined otherwise. */
  verifiedBefore(token: string): AuthenticatedUser | LimitedTokenHolder | undefined {
    return this.verified.get(token);
  }

  async verify(token: string): Promise<AuthenticatedUser | LimitedTokenHolder> {
    const known = this.verified.get(token);
    if (known) return known;
    const claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp: number }>(token, {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    if (typeof claims.sub !== 'string') throw new Error('malformed claims');
    let user: AuthenticatedUser | LimitedTokenHolder;
    if (claims.lim !== undefined) {
      if (!TOKEN_LIMITS.includes(claims.lim)) throw new Error('malformed claims');
      user = { userId: claims.sub, limit: claims.lim };
    } else {
      if (!claims.role || !ROLES.includes(claims.role)) throw new Error('malformed claims');
      // An organisation's token without its membership version could never be revoked.
      if (claims.org && !Number.isSafeInteger(claims.mv)) throw new Error('malformed claims');
      user = { userId: claims.sub, organizationId: claims.org ?? null, role: claims.role, membershipVersion: claims.mv };
    }
    // jsonwebtoken refuses a token once now >= exp: the entry goes stale at that same instant.
    const ttl = claims.exp * 1000 - Date.now();
    if (ttl > 0) this.verified.set(token, Object.freeze(user), { ttl });
    return user;
  }
}
