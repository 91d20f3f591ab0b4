import {
  type Actor,
  type Call,
  CallLogged,
  type Envelope,
  type FieldError,
  type ListCalls,
  type LogCall,
  type Page,
  type Role,
  type UpdateCall,
} from '@app/contracts';
import { assertRole, ForbiddenError, OutboxService, PreconditionFailedError, UnitOfWork, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { CampaignAccess, isPartner } from '../campaigns/campaign-access.js';
import { TargetsRepository } from '../targets/targets.repository.js';
import { toCall } from './call.rows.js';
import { CallNotFoundError, NotATargetError, TargetClaimedByAnotherError, TargetClosedError } from './calls.errors.js';
import { CallsRepository } from './calls.repository.js';
import { CompanyContacts } from './company-contacts.js';
import { targetAfterCall } from './target-outcome.js';

/** Volunteers and managers log calls; viewers read. */
const CALLERS: readonly Role[] = ['manager', 'volunteer'];
/** Outcomes a call may note offers with (`offer` needs at least one). */
const OFFER_OUTCOMES: readonly string[] = ['offer', 'interested', 'meeting'];

@Injectable()
export class CallsService {
  constructor(
    private readonly access: CampaignAccess,
    private readonly repository: CallsRepository,
    private readonly targets: TargetsRepository,
    private readonly contacts: CompanyContacts,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
  ) {}

  /** docs/campaigns.md, "A call": everything a call changes, in one transaction. */
  async log(envelope: Envelope<LogCall.Request>): Promise<Call> {
    const { actor, data } = envelope;
    const campaign = await this.access.readable(actor, data.campaignId);
    assertRole(actor, CALLERS);
    const errors = outcomeErrors(data, Date.now());
    if (errors.length > 0) throw new ValidationFailedError(errors);
    this.access.assertActive(campaign);
    if (data.contactId) await this.contacts.assertOfCompany(envelope, campaign, data.contactId, data.companyId);
    return this.unitOfWork.write(envelope, async (tx) => {
      // The campaign's organisation: targets, calls and rollups are its own, whoever called (docs/sharing.md).
      const organizationId = campaign.organizationId;
      const target = await this.repository.lockTarget(tx, organizationId, campaign.id, data.companyId);
      if (!target) throw new NotATargetError();
      if (target.status === 'done' || target.status === 'excluded') throw new TargetClosedError(target.status);
      if (target.claimLive && target.claimedBy !== actor.userId) throw new TargetClaimedByAnotherError();
      const after = targetAfterCall(data.outcome, target);
      const call = await this.repository.insertCall(tx, {
        organizationId,
        campaignId: campaign.id,
        companyId: data.companyId,
        contactId: data.contactId ?? null,
        callerId: actor.userId,
        outcome: data.outcome,
        notes: data.notes ?? null,
        durationSeconds: data.durationSeconds ?? null,
        callbackAt: data.callbackAt ?? null,
        meetingAt: data.meetingAt ?? null,
      });
      const offers = data.offers?.length ? await this.repository.insertOffers(tx, call, campaign.name, data.offers) : [];
      await this.repository.moveTarget(tx, organizationId, campaign.id, data.companyId, actor.userId, data.outcome, after, data.callbackAt ?? null);
      // The company's other queues at once; the registry marks it doNotCall on the event.
      if (data.outcome === 'do_not_call') await this.targets.excludeCompany(tx, organizationId, data.companyId, campaign.id);
      await this.outbox.add(tx, CallLogged, envelope, {
        id: call.id,
        organizationId,
        campaignId: campaign.id,
        conventionId: campaign.conventionId,
        companyId: call.company_id,
        callerId: call.caller_id,
        outcome: call.outcome,
        calledAt: call.called_at.toISOString(),
        firstContact: after.firstContact,
        firstReach: after.firstReach,
        offers: offers.map((offer) => ({ id: offer.id, contractType: offer.contract_type, positions: offer.positions })),
      });
      // Last: the campaign's rollup rows are shared by all its callers and stay locked until the commit.
      await this.repository.addToRollups(tx, campaign.id, actor.userId, data.outcome, after, offers.map((offer) => offer.contract_type));
      return toCall(call, offers);
    });
  }

  async get(actor: Actor, campaignId: string, id: string): Promise<Call> {
    const campaign = await this.access.readable(actor, campaignId);
    const call = await this.repository.findCall(campaign.organizationId, campaign.id, id);
    if (!call) throw new CallNotFoundError();
    return call;
  }

  async list(actor: Actor, { campaignId, ...query }: ListCalls.Request): Promise<Page<Call>> {
    const campaign = await this.access.readable(actor, campaignId);
    return this.repository.list(campaign.organizationId, campaign.id, query);
  }

  /** Only the notes change, by the member who logged the call or a manager of the campaign's organisation (404 before 403). */
  async updateNotes(envelope: Envelope<UpdateCall.Request>): Promise<Call> {
    const { actor, data } = envelope;
    const campaign = await this.access.readable(actor, data.campaignId);
    const call = await this.repository.findCall(campaign.organizationId, campaign.id, data.id);
    if (!call) throw new CallNotFoundError();
    const isOwnCall = call.callerId === actor.userId && CALLERS.includes(actor.role);
    const managesCampaign = actor.role === 'manager' && !isPartner(actor, campaign);
    if (!managesCampaign && !isOwnCall) throw new ForbiddenError("Only the member who logged a call, or a manager of the campaign's organisation, changes its notes.");
    return this.unitOfWork.write(envelope, async (tx) => {
      const outcome = await this.repository.updateNotes(tx, campaign.organizationId, campaign.id, call.id, data.changes.notes, data.expectedVersion);
      if (outcome.status === 'not-found') throw new CallNotFoundError();
      if (outcome.status === 'stale') throw new PreconditionFailedError(outcome.version);
      return outcome.call;
    });
  }
}

/**
 * The outcome's own rules (API.md): `callbackAt` with `callback` only and `meetingAt` with
 * `meeting` only, both in the future; offers required with `offer`, allowed with `interested`
 * and `meeting`.
 */
export function outcomeErrors(call: LogCall.Request, now: number): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, outcome] of [
    ['callbackAt', 'callback'],
    ['meetingAt', 'meeting'],
  ] as const) {
    const value = call[field];
    if (call.outcome === outcome) {
      if (!value) errors.push({ field, code: 'requiredWithOutcome', params: { outcome }, message: `${field} is required with outcome ${outcome}` });
      else if (Date.parse(value) <= now) errors.push({ field, code: 'notInFuture', message: `${field} must be in the future` });
    } else if (value) {
      errors.push({ field, code: 'onlyWithOutcome', params: { outcomes: [outcome] }, message: `${field} goes with outcome ${outcome} only` });
    }
  }
  const offers = call.offers?.length ?? 0;
  if (call.outcome === 'offer' && offers === 0) errors.push({ field: 'offers', code: 'requiredWithOutcome', params: { outcome: 'offer' }, message: 'at least one offer is required with outcome offer' });
  if (offers > 0 && !OFFER_OUTCOMES.includes(call.outcome)) errors.push({ field: 'offers', code: 'onlyWithOutcome', params: { outcomes: [...OFFER_OUTCOMES] }, message: 'offers go with outcome offer, interested or meeting only' });
  return errors;
}
