import { type Envelope, ResolveTargets } from '@app/contracts';
import { DomainError, NatsRpcClient, UpstreamProblemError } from '@app/platform';
import { Injectable } from '@nestjs/common';

/** What the companies service says of the companies asked for. */
export interface ResolvedCompanies {
  found: ResolveTargets.ResolvedTarget[];
  /** Asked-for ids that name no company of the organisation (by id only; 0 for a filter). */
  notFound: number;
}

type Origin = Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>;

/**
 * Asks the companies service which companies a selection names, page after page (keyset pages of
 * MAX_RESOLVED_PAGE: a NATS message stays far below its 1 MB limit whatever the selection's size).
 */
@Injectable()
export class CompanyResolver {
  constructor(private readonly companies: NatsRpcClient) {}

  async byIds(origin: Origin, companyIds: string[]): Promise<ResolvedCompanies> {
    const unique = [...new Set(companyIds.map((id) => id.toLowerCase()))];
    const found: ResolveTargets.ResolvedTarget[] = [];
    for (let start = 0; start < unique.length; start += ResolveTargets.MAX_RESOLVED_PAGE) {
      const chunk = unique.slice(start, start + ResolveTargets.MAX_RESOLVED_PAGE);
      found.push(...(await this.walk(origin, { companyIds: chunk })));
    }
    return { found, notFound: unique.length - found.length };
  }

  async byFilter(origin: Origin, filter: ResolveTargets.Request['filter']): Promise<ResolvedCompanies> {
    return { found: await this.walk(origin, { filter }), notFound: 0 };
  }

  private async walk(origin: Origin, selection: Pick<ResolveTargets.Request, 'companyIds' | 'filter'>): Promise<ResolveTargets.ResolvedTarget[]> {
    const found: ResolveTargets.ResolvedTarget[] = [];
    let after: string | undefined;
    do {
      const page = await this.request(origin, { ...selection, after, limit: ResolveTargets.MAX_RESOLVED_PAGE });
      found.push(...page.items);
      after = page.nextAfter ?? undefined;
    } while (after);
    return found;
  }

  private async request(origin: Origin, data: ResolveTargets.Request): Promise<ResolveTargets.Response> {
    try {
      return await this.companies.request(ResolveTargets, data, { actor: origin.actor, requestId: origin.requestId, deadline: origin.deadline });
    } catch (error) {
      // The companies service's own answer (a 422 for a search too costly, a 503…) goes back as it is.
      if (error instanceof UpstreamProblemError) throw new DomainError(error.problem);
      throw error;
    }
  }
}
