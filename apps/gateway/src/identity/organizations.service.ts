import type { IdempotencyClaim, Page } from '@app/contracts';
import { ConventionSharing, UnitOfWork } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { CreateOrganizationBody, Organization, OrganizationListItem } from './identity.dto.js';
import type { OrganizationEntity } from './identity.entities.js';
import { OrganizationsRepository } from './organizations.repository.js';

// Platform writes keep their idempotency keys under the nil organisation.
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The tenants: created by the platform administrator, listed to each caller as far as they may see them. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly sharing: ConventionSharing,
  ) {}

  create(caller: AuthenticatedUser, body: CreateOrganizationBody, idempotency?: IdempotencyClaim): Promise<Organization> {
    const scope = { actor: { userId: caller.userId, organizationId: caller.organizationId ?? NIL_UUID, role: caller.role }, idempotency };
    return this.unitOfWork.write(scope, async (tx) => toOrganization(await this.organizations.insert(tx, body)));
  }

  /**
   * Admin: every organisation. Others: their own and those sharing a convention with it
   * (docs/sharing.md), id, name and kind only; a party removed from the convention is gone from
   * the list as soon as the gateway's projection applies the change.
   */
  async list(caller: AuthenticatedUser, limit?: number, cursor?: string): Promise<Page<OrganizationListItem>> {
    if (caller.role === 'admin') return this.organizations.page(null, limit, cursor);
    const own = caller.organizationId!;
    return this.organizations.page([own, ...(await this.sharing.partnersOf(own))], limit, cursor);
  }
}

function toOrganization(entity: OrganizationEntity): Organization {
  return {
    id: entity.id,
    name: entity.name,
    kind: entity.kind,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    version: entity.version,
  };
}
