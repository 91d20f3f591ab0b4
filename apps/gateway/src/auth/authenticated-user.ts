import type { Role } from '@app/contracts';

/** The verified token, attached to the request by the AuthGuard. */
export interface AuthenticatedUser {
  userId: string;
  /** null for a platform administrator's token, which is not scoped to an organisation. */
  organizationId: string | null;
  role: Role;
}

/** The JWT claims we sign (RFC 7519 names where one exists). */
export interface AccessTokenClaims {
  sub: string;
  org: string | null;
  role: Role;
}
