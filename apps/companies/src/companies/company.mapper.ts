import type { Company, SizeBand } from '@app/contracts';
import type { NormalisedCompany } from '../reference/company-normaliser.js';
import type { CompanyEntity } from './company.entity.js';

export function toCompany(entity: CompanyEntity): Company {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    name: entity.name,
    tradeName: entity.tradeName ?? null,
    siret: entity.siret,
    siren: entity.siren,
    nafCode: entity.nafCode,
    nafLabel: entity.nafLabel ?? null,
    nafNomenclature: entity.nafNomenclature ?? null,
    sizeBand: entity.sizeBand as SizeBand | null,
    address: { line: entity.addressLine, postalCode: entity.postalCode, city: entity.city, department: entity.department ?? null },
    phone: entity.phone,
    email: entity.email,
    website: entity.website,
    tags: entity.tags,
    hiringPotential: entity.hiringPotential,
    hiringPotentialEstimated: entity.hiringPotentialEstimated ?? false,
    doNotCall: entity.doNotCall,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    version: entity.version,
  };
}

/**
 * The columns a create or a change writes, from fields normaliseCompany already checked and
 * normalised (with what they imply: NAF label, département…); absent fields are left out (PATCH).
 */
export function toCompanyColumns(fields: NormalisedCompany): Partial<CompanyEntity> {
  const columns: Partial<CompanyEntity> = {};
  if (fields.name !== undefined) columns.name = fields.name;
  if (fields.tradeName !== undefined) columns.tradeName = fields.tradeName ?? null;
  if (fields.siret !== undefined) {
    columns.siret = fields.siret ?? null;
    columns.siren = fields.siret ? fields.siret.slice(0, 9) : null;
  }
  if (fields.nafCode !== undefined) {
    columns.nafCode = fields.nafCode ? normaliseNaf(fields.nafCode) : null;
    columns.nafLabel = fields.nafCode ? (fields.nafLabel ?? null) : null;
    columns.nafNomenclature = fields.nafCode ? (fields.nafNomenclature ?? null) : null;
  }
  if (fields.sizeBand !== undefined) columns.sizeBand = fields.sizeBand ?? null;
  if (fields.address !== undefined) {
    const address = fields.address ?? { line: null, postalCode: null, city: null, department: null };
    if (address.line !== undefined) columns.addressLine = address.line ?? null;
    if (address.postalCode !== undefined) columns.postalCode = address.postalCode ?? null;
    if (address.city !== undefined) columns.city = address.city ?? null;
    if (address.department !== undefined) columns.department = address.department ?? null;
  }
  if (fields.phone !== undefined) columns.phone = fields.phone ?? null;
  if (fields.email !== undefined) columns.email = fields.email ?? null;
  if (fields.website !== undefined) columns.website = fields.website ?? null;
  if (fields.tags !== undefined) columns.tags = [...new Set(fields.tags)];
  if (fields.hiringPotential !== undefined) columns.hiringPotential = fields.hiringPotential ?? null;
  if (fields.hiringPotentialEstimated !== undefined) columns.hiringPotentialEstimated = fields.hiringPotentialEstimated;
  if (fields.doNotCall !== undefined) columns.doNotCall = fields.doNotCall;
  return columns;
}

/** `1071c`, `10.71c` and `10.71C` are one code: `10.71C`. */
export function normaliseNaf(code: string): string {
  const compact = code.replace('.', '').toUpperCase();
  return `${compact.slice(0, 2)}.${compact.slice(2)}`;
}
