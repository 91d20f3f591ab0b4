import {
  type ConventionAction,
  type ConventionIndicator,
  type CreateConventionAction,
  type CreateConventionIndicator,
  type Envelope,
  type UpdateConventionAction,
  type UpdateConventionIndicator,
} from '@app/contracts';
import { assertRole, ForbiddenError, PreconditionFailedError, UnitOfWork } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { ActionsRepository } from './actions.repository.js';
import { ConventionAccess } from './convention-access.js';
import { ConventionCampaigns } from './convention-campaigns.js';
import { ActionNotFoundError, IndicatorNotFoundError, IndicatorNotManualError, NotAPartyError, UnknownAxisError } from './conventions.errors.js';
import { toAction, toIndicator } from './conventions.mapper.js';
import type { ConventionRow } from './conventions.repository.js';
import { IndicatorsRepository } from './indicators.repository.js';

const MANAGERS = ['manager'] as const;

/** A convention's actions and indicators: what the parties do, and how it is measured. */
@Injectable()
export class WorkPlanService {
  constructor(
    private readonly access: ConventionAccess,
    private readonly actions: ActionsRepository,
    private readonly indicators: IndicatorsRepository,
    private readonly campaigns: ConventionCampaigns,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async createAction(envelope: Envelope<CreateConventionAction.Request>): Promise<ConventionAction> {
    const { actor, data } = envelope;
    const { conventionId, ...fields } = data;
    await this.access.manageable(actor, conventionId);
    return this.unitOfWork.write(envelope, async (tx) => {
      const convention = await this.access.manageable(actor, conventionId, tx, true);
      assertAxis(convention, fields.axisCode, 'axisCode');
      assertParty(convention, fields.responsibleOrganizationId);
      return toAction(await this.actions.insert(tx, conventionId, fields));
    });
  }

  /** Managers of a signatory change anything; the managers of the responsible organisation move its status alone. */
  async updateAction(envelope: Envelope<UpdateConventionAction.Request>): Promise<ConventionAction> {
    const { actor, data } = envelope;
    const { changes } = data;
    return this.unitOfWork.write(envelope, async (tx) => {
      const convention = await this.access.readable(actor, data.conventionId, tx, true);
      const current = await this.actions.findOne(tx, data.conventionId, data.id);
      if (!current) throw new ActionNotFoundError();
      assertRole(actor, MANAGERS);
      // The decoded class lists every field, the absent ones as undefined.
      const statusOnly = Object.entries(changes).every(([field, value]) => field === 'status' || value === undefined);
      if (!this.access.isSignatoryManager(actor, convention) && !(statusOnly && current.responsible_organization_id === actor.organizationId)) {
        throw new ForbiddenError("Only the managers of a signatory change an action; the responsible organisation's managers change its status.");
      }
      if (current.version !== data.expectedVersion) throw new PreconditionFailedError(current.version);
      if (changes.axisCode !== undefined) assertAxis(convention, changes.axisCode, 'axisCode');
      if (changes.responsibleOrganizationId !== undefined) assertParty(convention, changes.responsibleOrganizationId);
      const updated = await this.actions.update(tx, data.conventionId, data.id, changes, data.expectedVersion);
      if (!updated) throw new PreconditionFailedError();
      return toAction(updated);
    });
  }

  async createIndicator(envelope: Envelope<CreateConventionIndicator.Request>): Promise<ConventionIndicator> {
    const { actor, data } = envelope;
    const { conventionId, ...fields } = data;
    await this.access.manageable(actor, conventionId);
    // Asked before the transaction, not inside it: no row stays locked while the campaigns service answers.
    await this.campaigns.assertOfConvention(envelope, conventionId, fields.campaignIds ?? []);
    return this.unitOfWork.write(envelope, async (tx) => {
      const convention = await this.access.manageable(actor, conventionId, tx, true);
      if (fields.axisCode != null) assertAxis(convention, fields.axisCode, 'axisCode');
      return toIndicator(await this.indicators.insert(tx, conventionId, fields));
    });
  }

  /** `value` (manual indicators): managers of any party, who report their figures; `label` and `target`: managers of a signatory. */
  async updateIndicator(envelope: Envelope<UpdateConventionIndicator.Request>): Promise<ConventionIndicator> {
    const { actor, data } = envelope;
    const { changes } = data;
    return this.unitOfWork.write(envelope, async (tx) => {
      const convention = await this.access.readable(actor, data.conventionId, tx);
      const current = await this.indicators.findForUpdate(tx, data.conventionId, data.id);
      if (!current) throw new IndicatorNotFoundError();
      assertRole(actor, MANAGERS);
      if ((changes.label !== undefined || changes.target !== undefined) && !this.access.isSignatoryManager(actor, convention)) {
        throw new ForbiddenError('Only the managers of a signatory change the label or the target of an indicator.');
      }
      if (current.version !== data.expectedVersion) throw new PreconditionFailedError(current.version);
      if (changes.value !== undefined && current.metric !== 'manual') throw new IndicatorNotManualError();
      return toIndicator(await this.indicators.update(tx, current, changes));
    });
  }
}

function assertAxis(convention: ConventionRow, code: string, field: string): void {
  if (!convention.axes.some((axis) => axis.code === code)) throw new UnknownAxisError(field);
}

function assertParty(convention: ConventionRow, organizationId: string): void {
  if (!convention.parties.some((party) => party.organizationId === organizationId)) throw new NotAPartyError('responsibleOrganizationId');
}
