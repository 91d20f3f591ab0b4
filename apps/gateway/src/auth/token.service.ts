import { ROLES } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims, AuthenticatedUser } from './authenticated-user.js';

export const TOKEN_ISSUER = 'filon';
export const TOKEN_AUDIENCE = 'filon-api';
const ALGORITHM = 'HS256';

/** Signs and verifies access tokens with one fixed algorithm, issuer and audience (RFC 8725 §3.1, §3.8–3.9). */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  async sign(user: AuthenticatedUser, ttlSeconds: number): Promise<{ accessToken: string; expiresAt: string }> {
    const claims: AccessTokenClaims = { sub: user.userId, org: user.organizationId, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ALGORITHM,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: ttlSeconds,
    });
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return { accessToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) throw new Error('malformed claims');
    return { userId: claims.sub, organizationId: claims.org ?? null, role: claims.role };
  }
}
