import {
  type Actor,
  CLAIM_CONTACTS_MAX,
  CLAIM_LAST_CALLS,
  type ClaimContact,
  type ClaimKind,
  type ClaimNextTarget,
  type Contact,
  type Envelope,
  ListContacts,
  ListSharedContacts,
  type ListMyCallbacks,
  type MyCallback,
  type Page,
  type ReleaseClaim,
  type Role,
} from '@app/contracts';
import { assertRole, decodeCursor, invalidCursorError, isUniqueViolation, NatsRpcClient, pageSize, toPage, UnitOfWork, UpstreamProblemError } from '@app/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { CampaignEntity } from '../campaigns/campaign.entity.js';
import { CampaignAccess, isPartner } from '../campaigns/campaign-access.js';
import { ClaimNotFoundError } from './queue.errors.js';
import { type CallbackPosition, type CallSheetRow, type ClaimRequest, type ClaimRow, QueueRepository } from './queue.repository.js';

/** Who takes targets from the queue and releases them; viewers only read. */
const CALLERS: readonly Role[] = ['manager', 'volunteer'];
/**
 * How long a claim waits for the contacts service: the claim is already made, so a slow or stopped
 * contacts service costs the caller at most this, and they get the company card without contacts.
 */
export const CONTACTS_TIMEOUT_MS = 800;
/**
 * A claim that lost a race on a unique index (the same company claimed in another campaign, or the
 * same caller claiming twice at once) looks again; the loser sees the winner's claim on its next look.
 */
const CLAIM_ATTEMPTS = 5;
const KIND_BY_TIER: Record<number, ClaimKind> = { 0: 'callback', 1: 'first_call', 2: 'retry' };

@Injectable()
export class QueueService {
  private readonly logger = new Logger(QueueService.name);

  constructor(
    private readonly repository: QueueRepository,
    private readonly access: CampaignAccess,
    private readonly unitOfWork: UnitOfWork,
    private readonly services: NatsRpcClient,
  ) {}

  /** docs/campaigns.md, "A claim": the caller's live claim again, or the next target under a new lease. */
  async claim(envelope: Envelope<ClaimNextTarget.Request>): Promise<ClaimNextTarget.Response> {
    const { actor, data } = envelope;
    const campaign = await this.access.readable(actor, data.campaignId);
    assertRole(actor, CALLERS);
    this.access.assertActive(campaign);
    // The campaign's organisation: its targets are its own, whoever CampaignAccess lets in to call.
    const request = { organizationId: campaign.organizationId, campaignId: campaign.id, callerId: actor.userId, cooldownDays: campaign.cooldownDays };
    const claimed = await this.heldOrNewClaim(envelope, request);
    if (!claimed) return { claim: null, target: null };
    return { claim: { id: claimed.claimId, expiresAt: claimed.expiresAt }, target: await this.targetCard(envelope, campaign, claimed) };
  }

  async release(envelope: Envelope<ReleaseClaim.Request>): Promise<ReleaseClaim.Response> {
    const { actor, data } = envelope;
    const campaign = await this.access.readable(actor, data.campaignId);
    assertRole(actor, CALLERS);
    // A manager of the campaign's organisation releases anyone's claim; everyone else (a partner's manager too) their own.
    const holderId = actor.role === 'manager' && !isPartner(actor, campaign) ? null : actor.userId;
    await this.unitOfWork.write(envelope, async (tx) => {
      if (!(await this.repository.release(tx, campaign.organizationId, campaign.id, data.claimId, holderId))) throw new ClaimNotFoundError();
    });
    return { id: data.claimId };
  }

  async myCallbacks(actor: Actor, query: ListMyCallbacks.Request): Promise<Page<MyCallback>> {
    const size = pageSize(query.limit);
    const rows = await this.repository.myCallbacks(actor.organizationId, actor.userId, query.due ?? 'all', size, query.cursor ? decodeCallbackCursor(query.cursor) : undefined);
    return toPage(
      rows,
      size,
      (row) => ({
        campaignId: row.campaignId,
        campaignName: row.campaignName,
        companyId: row.companyId,
        companyName: row.companyName,
        phone: row.phone,
        callbackAt: iso(row.callbackAt),
      }),
      (row) => [row.callbackAtKey, row.campaignId, row.companyId],
    );
  }

  /**
   * The caller's live claim, or a new one, in one short transaction. A transaction that lost a race on
   * a claim's unique index rolled back whole; the next one sees the winner's claim and looks past it.
   * What the write returns is also what an Idempotency-Key stores and replays: JSON, no Date.
   */
  private async heldOrNewClaim(envelope: Envelope<unknown>, request: ClaimRequest): Promise<HeldClaim | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.unitOfWork.write(envelope, async (tx) => {
          const row = (await this.repository.heldClaim(tx, request.organizationId, request.campaignId, request.callerId)) ?? (await this.repository.claimNext(tx, request));
          return row && toHeldClaim(row);
        });
      } catch (error) {
        if (attempt >= CLAIM_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** What the caller needs for the call, read after the claim committed: no lock is held while the contacts service answers. */
  private async targetCard(envelope: Envelope<unknown>, campaign: CampaignOwner, claimed: HeldClaim): Promise<NonNullable<ClaimNextTarget.Response['target']>> {
    const [sheet, contacts] = await Promise.all([
      this.repository.callSheet(campaign.organizationId, envelope.actor.organizationId, claimed.companyId, CLAIM_LAST_CALLS),
      this.contactsOf(envelope, campaign, claimed.companyId),
    ]);
    const optedOut = new Set(sheet.optedOutContactIds);
    return {
      campaignId: claimed.campaignId,
      company: toCompanyCard(claimed.companyId, sheet),
      contacts: contacts.items.map((contact) => toClaimContact(contact, optedOut.has(contact.id))),
      contactsUnavailable: contacts.unavailable,
      lastCalls: sheet.lastCalls.map((call) => ({ ...call, calledAt: iso(new Date(call.calledAt)) })),
      status: claimed.status,
      kind: KIND_BY_TIER[claimed.queueTier] ?? 'first_call',
      attempts: claimed.attempts,
      lastOutcome: claimed.lastOutcome,
      lastCalledAt: claimed.lastCalledAt,
      callbackAt: claimed.callbackAt,
    };
  }

  /**
   * The company's contacts from the contacts service, within CONTACTS_TIMEOUT_MS; none, flagged
   * unavailable, when it fails. A partner's caller reads the owner's contacts on the internal subject
   * that checks, in the contacts service's own projection, that both share the campaign's convention.
   */
  private async contactsOf(envelope: Envelope<unknown>, campaign: CampaignOwner, companyId: string): Promise<{ items: Contact[]; unavailable: boolean }> {
    const deadline = Math.min(envelope.deadline ?? Number.POSITIVE_INFINITY, Date.now() + CONTACTS_TIMEOUT_MS);
    const origin = { actor: envelope.actor, requestId: envelope.requestId, deadline };
    const query = { companyId, limit: CLAIM_CONTACTS_MAX };
    try {
      const page =
        campaign.organizationId !== envelope.actor.organizationId && campaign.conventionId
          ? await this.services.request(ListSharedContacts, { ...query, ownerOrganizationId: campaign.organizationId, conventionId: campaign.conventionId }, origin)
          : await this.services.request(ListContacts, query, origin);
      return { items: page.items, unavailable: false };
    } catch (error) {
      if (!(error instanceof UpstreamProblemError)) throw error;
      // A company the contacts service has not heard of has no contacts yet: nothing is missing.
      if (error.problem.status === 404) return { items: [], unavailable: false };
      this.logger.warn({ requestId: envelope.requestId, status: error.problem.status }, 'Contacts unavailable: the claim is answered without them');
      return { items: [], unavailable: true };
    }
  }
}

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date ? iso(date) : null);

/** Whose contacts a claim card shows: the campaign's organisation, through its convention for a partner. */
type CampaignOwner = Pick<CampaignEntity, 'organizationId' | 'conventionId'>;

/** A claim row as JSON (the form an Idempotency-Key stores). */
type HeldClaim = Omit<ClaimRow, 'expiresAt' | 'lastCalledAt' | 'callbackAt'> & { expiresAt: string; lastCalledAt: string | null; callbackAt: string | null };

const toHeldClaim = (row: ClaimRow): HeldClaim => ({ ...row, expiresAt: iso(row.expiresAt), lastCalledAt: isoOrNull(row.lastCalledAt), callbackAt: isoOrNull(row.callbackAt) });

/** The claim joins the summary, so the card is there; a summary deleted since (the company's deletion) leaves the id only. */
function toCompanyCard(companyId: string, card: CallSheetRow): NonNullable<ClaimNextTarget.Response['target']>['company'] {
  return {
    id: companyId,
    name: card.name ?? '',
    phone: card.phone,
    nafCode: card.nafCode,
    nafLabel: card.nafLabel,
    sizeBand: card.sizeBand,
    address: { line: card.addressLine, postalCode: card.postalCode, city: card.city },
    hiringPotential: card.hiringPotential,
  };
}

/** An opted-out person (per the contacts service or our own record of its events) keeps a name, not a way to reach them. */
function toClaimContact(contact: Contact, optedOutHere: boolean): ClaimContact {
  const optedOut = contact.optedOut || optedOutHere;
  return {
    id: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    jobTitle: contact.jobTitle,
    phone: optedOut ? null : contact.phone,
    email: optedOut ? null : contact.email,
    notes: contact.notes,
    optedOut,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A timestamptz as PostgreSQL writes it as text (`2026-12-01 09:15:00.123456+00`). */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** [callback_at as PostgreSQL wrote it, campaign id, company id]: anything else is a cursor this list never gave out. */
function decodeCallbackCursor(cursor: string): CallbackPosition {
  const [callbackAt, campaignId, companyId] = decodeCursor(cursor, 3);
  if (typeof callbackAt !== 'string' || !PG_TIMESTAMPTZ.test(callbackAt) || typeof campaignId !== 'string' || !UUID.test(campaignId) || typeof companyId !== 'string' || !UUID.test(companyId)) {
    throw invalidCursorError();
  }
  return { callbackAt, campaignId, companyId };
}
