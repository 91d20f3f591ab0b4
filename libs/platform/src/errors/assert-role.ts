import type { Actor, Role } from '@app/contracts';
import { ForbiddenError } from './domain-error.js';

/** Services re-check the role the gateway checked: NATS is a trust boundary. */
export function assertRole(actor: Actor, allowed: readonly Role[]): void {
  if (!allowed.includes(actor.role)) throw new ForbiddenError();
}
