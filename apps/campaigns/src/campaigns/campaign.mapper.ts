import type { Campaign, CampaignChanges, CampaignFields } from '@app/contracts';
import type { CampaignEntity } from './campaign.entity.js';

export function toCampaign(entity: CampaignEntity): Campaign {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    name: entity.name,
    description: entity.description,
    script: entity.script,
    status: entity.status,
    startsOn: entity.startsOn,
    endsOn: entity.endsOn,
    goal: { companiesToContact: entity.goalCompaniesToContact },
    conventionId: entity.conventionId,
    cooldownDays: entity.cooldownDays,
    createdBy: entity.createdBy,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    version: entity.version,
  };
}

export type CampaignColumns = Partial<
  Pick<CampaignEntity, 'name' | 'description' | 'script' | 'status' | 'startsOn' | 'endsOn' | 'goalCompaniesToContact' | 'conventionId' | 'cooldownDays'>
>;

/** The columns a create or a change writes; fields absent from `fields` are left out (PATCH). */
export function toCampaignColumns(fields: CampaignFields | CampaignChanges): CampaignColumns {
  const columns: CampaignColumns = {};
  if (fields.name !== undefined) columns.name = fields.name;
  if (fields.description !== undefined) columns.description = fields.description ?? null;
  if (fields.script !== undefined) columns.script = fields.script ?? null;
  if (fields.startsOn !== undefined) columns.startsOn = fields.startsOn ?? null;
  if (fields.endsOn !== undefined) columns.endsOn = fields.endsOn ?? null;
  if (fields.goal !== undefined) columns.goalCompaniesToContact = fields.goal?.companiesToContact ?? null;
  if (fields.conventionId !== undefined) columns.conventionId = fields.conventionId ?? null;
  if (fields.cooldownDays !== undefined) columns.cooldownDays = fields.cooldownDays;
  if ('status' in fields && fields.status !== undefined) columns.status = fields.status;
  return columns;
}
