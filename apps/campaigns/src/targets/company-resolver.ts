import { type Envelope, ResolveTargets } from '@app/contracts';
import { DomainError, NatsRpcClient, UpstreamProblemError } from '@app/platform';
import { Injectable } from '@nestjs/common';

type Origin = Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>;
type Selection = Pick<ResolveTargets.Request, 'companyIds' | 'filter'>;

/**
 * Asks the companies service which of the organisation's companies a selection names, in keyset
 * pages of MAX_RESOLVED_PAGE: one NATS message stays far below its 1 MB limit whatever the selection.
 */
@Injectable()
export class CompanyResolver {
  constructor(private readonly companies: NatsRpcClient) {}

  /** The selections that name these ids (duplicates dropped, case aside), and how many distinct ids they ask for. */
  static byIds(companyIds: string[]): { selections: Selection[]; asked: number } {
    const unique = [...new Set(companyIds.map((id) => id.toLowerCase()))];
    const selections: Selection[] = [];
    for (let start = 0; start < unique.length; start += ResolveTargets.MAX_RESOLVED_PAGE) {
      selections.push({ companyIds: unique.slice(start, start + ResolveTargets.MAX_RESOLVED_PAGE) });
    }
    return { selections, asked: unique.length };
  }

  /**
   * The companies of `selections`, page after page. The next page is already asked for while the
   * caller works on this one (the caller writes page n while the companies service reads page n+1).
   */
  async *pages(origin: Origin, selections: Selection[]): AsyncGenerator<ResolveTargets.ResolvedTarget[]> {
    const ask = (selection: Selection, after?: string): Promise<ResolveTargets.Response> => {
      const pending = this.request(origin, { ...selection, after, limit: ResolveTargets.MAX_RESOLVED_PAGE });
      // Handled here too: if the caller stops early, a prefetched page that fails must not go unhandled.
      pending.catch(() => undefined);
      return pending;
    };
    const queue = [...selections];
    let selection = queue.shift();
    let next = selection && ask(selection);
    while (selection && next) {
      const page = await next;
      if (page.nextAfter) next = ask(selection, page.nextAfter);
      else next = (selection = queue.shift()) && ask(selection);
      yield page.items;
    }
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
