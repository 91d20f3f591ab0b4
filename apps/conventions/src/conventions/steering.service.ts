import { type Actor, type ConventionProgress, type ConventionReport, type GetConventionReport, parisToday, type ReportAxis } from '@app/contracts';
import { assertRole, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActionsRepository } from './actions.repository.js';
import { ConventionAccess } from './convention-access.js';
import { ratioOf } from './conventions.mapper.js';
import { IndicatorsRepository } from './indicators.repository.js';

const READERS = ['manager', 'volunteer', 'viewer'] as const;

/** What the parties follow: today's progress, and the steering committee's report over a period. Every party reads both. */
@Injectable()
export class SteeringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ConventionAccess,
    private readonly actions: ActionsRepository,
    private readonly indicators: IndicatorsRepository,
  ) {}

  async progress(actor: Actor, id: string): Promise<ConventionProgress> {
    assertRole(actor, READERS);
    await this.access.readable(actor, id);
    const tx = this.dataSource.manager;
    const [indicators, actions] = await Promise.all([this.indicators.list(tx, id), this.actions.summary(tx, id)]);
    return {
      indicators: indicators.map((row) => ({
        id: row.id,
        label: row.label,
        metric: row.metric,
        target: row.target,
        value: row.value,
        ratio: ratioOf(row.value, row.target),
        axisCode: row.axis_code,
        version: row.version,
      })),
      actions,
    };
  }

  /**
   * Per axis (in the convention's order), its actions with today's status and owner, and its
   * indicators' values at the end of the period against their targets; the indicators attached to
   * no axis come last, under a null code. Organisation names are the gateway's to fill.
   */
  async report(actor: Actor, { id, from, to }: GetConventionReport.Request): Promise<ConventionReport> {
    assertRole(actor, READERS);
    const convention = await this.access.readable(actor, id);
    const period = { from: from ?? convention.starts_on, to: to ?? parisToday() };
    if (period.to < period.from) throw new ValidationFailedError([{ field: 'to', code: 'notBefore', params: { other: 'from' }, message: `must be on or after from (${period.from})` }]);
    const tx = this.dataSource.manager;
    const [actions, indicators] = await Promise.all([this.actions.list(tx, id), this.indicators.atPeriodEnd(tx, id, period.from, period.to)]);
    const groups: ReportAxis[] = convention.axes.map((axis) => ({ ...axis, actions: [], indicators: [] }));
    const unassigned: ReportAxis = { code: null, title: null, description: null, actions: [], indicators: [] };
    const groupOf = (code: string | null) => groups.find((group) => group.code === code) ?? unassigned;
    for (const action of actions) {
      groupOf(action.axis_code).actions.push({
        id: action.id,
        title: action.title,
        status: action.status,
        responsibleOrganizationId: action.responsible_organization_id,
        responsibleOrganizationName: null,
        dueOn: action.due_on,
        overdue: (action.status === 'planned' || action.status === 'in_progress') && action.due_on !== null && action.due_on < period.to,
        version: action.version,
      });
    }
    for (const indicator of indicators) {
      groupOf(indicator.axis_code).indicators.push({
        id: indicator.id,
        label: indicator.label,
        metric: indicator.metric,
        target: indicator.target,
        value: indicator.value_at_end,
        ratio: ratioOf(indicator.value_at_end, indicator.target),
        changeInPeriod: indicator.change_in_period,
      });
    }
    return {
      conventionId: convention.id,
      title: convention.title,
      reference: convention.reference,
      ...period,
      parties: convention.parties.map((party) => ({ ...party, name: null })),
      axes: unassigned.indicators.length > 0 || unassigned.actions.length > 0 ? [...groups, unassigned] : groups,
    };
  }
}
