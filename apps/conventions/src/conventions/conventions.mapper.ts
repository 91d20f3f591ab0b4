import type { Convention, ConventionAction, ConventionIndicator } from '@app/contracts';
import type { ActionRow } from './actions.repository.js';
import type { ConventionRow } from './conventions.repository.js';
import type { IndicatorRow } from './indicators.repository.js';

const resource = (row: { id: string; created_at: Date; updated_at: Date; version: number }) => ({
  id: row.id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  version: row.version,
});

export const toConvention = (row: ConventionRow): Convention => ({
  ...resource(row),
  organizationId: row.organization_id,
  title: row.title,
  reference: row.reference,
  signedOn: row.signed_on,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  parties: row.parties,
  axes: row.axes,
});

export const toAction = (row: ActionRow): ConventionAction => ({
  ...resource(row),
  conventionId: row.convention_id,
  axisCode: row.axis_code,
  title: row.title,
  responsibleOrganizationId: row.responsible_organization_id,
  dueOn: row.due_on,
  status: row.status,
});

export const toIndicator = (row: IndicatorRow): ConventionIndicator => ({
  ...resource(row),
  conventionId: row.convention_id,
  axisCode: row.axis_code,
  label: row.label,
  metric: row.metric,
  target: row.target,
  campaignIds: row.campaign_ids,
  value: row.value,
});

/** value / target to 4 decimals (targets are at least 1). */
export const ratioOf = (value: number, target: number): number => Math.round((value / target) * 10_000) / 10_000;
