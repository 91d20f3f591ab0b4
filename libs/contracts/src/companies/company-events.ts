import { Exclude, Expose, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NAME_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH } from '../common/limits.js';
import { PresentOrNull } from '../common/optional-not-null.js';
import {
  ADDRESS_LINE_MAX_LENGTH,
  CITY_MAX_LENGTH,
  HIRING_POTENTIAL,
  NAF_CODE_MAX_LENGTH,
  NAF_LABEL_MAX_LENGTH,
  SIZE_BANDS,
  type SizeBand,
} from './company.dto.js';

const MAX_VERSION = 2_147_483_647;
/** At most this many companies in one `imported` event. */
export const IMPORTED_COMPANIES_MAX = 500;

/** The address fields consumers read; the others (`department`) are dropped on reading. */
@Exclude()
export class ChangedCompanyAddress {
  @Expose() @PresentOrNull() @IsString() @MaxLength(ADDRESS_LINE_MAX_LENGTH) line!: string | null;
  @Expose() @PresentOrNull() @IsString() @Length(5, 5) postalCode!: string | null;
  @Expose() @PresentOrNull() @IsString() @MaxLength(CITY_MAX_LENGTH) city!: string | null;
}

/**
 * The company as a `created`/`updated` event carries it: the producer writes the whole Company (as
 * the API returns it); a consumer reads, and checks, only the fields below. The other fields are
 * dropped on reading (class-level @Exclude), not refused: the Company may gain a field without its
 * events being parked by consumers that do not read it. A consumer that needs another field declares
 * it here, with its checks.
 */
@Exclude()
export class ChangedCompany {
  @Expose() @IsUUID() id!: string;
  @Expose() @IsUUID() organizationId!: string;
  @Expose() @IsInt() @Min(1) @Max(MAX_VERSION) version!: number;
  @Expose() @IsString() @Length(1, NAME_MAX_LENGTH) name!: string;
  @Expose() @PresentOrNull() @IsString() @MaxLength(NAF_CODE_MAX_LENGTH) nafCode!: string | null;
  @Expose() @PresentOrNull() @IsString() @MaxLength(NAF_LABEL_MAX_LENGTH) nafLabel!: string | null;
  @Expose() @PresentOrNull() @IsIn(SIZE_BANDS) sizeBand!: SizeBand | null;
  @Expose() @IsDefined() @ValidateNested() @Type(() => ChangedCompanyAddress) address!: ChangedCompanyAddress;
  @Expose() @PresentOrNull() @IsString() @MaxLength(PHONE_INPUT_MAX_LENGTH) phone!: string | null;
  @Expose() @PresentOrNull() @IsInt() @Min(HIRING_POTENTIAL.minimum) @Max(HIRING_POTENTIAL.maximum) hiringPotential!: number | null;
  @Expose() @IsBoolean() doNotCall!: boolean;
}

/** Emitted after a company is created or changed through the API: the whole new state. */
export class CompanyChangedPayload {
  @IsDefined() @ValidateNested() @Type(() => ChangedCompany) company!: ChangedCompany;
}

export class CompanyDeletedPayload {
  @IsUUID() id!: string;
  @IsUUID() organizationId!: string;
}

export const CompanyCreated = { subject: 'events.companies.company.created', Payload: CompanyChangedPayload, version: 1 };
export const CompanyUpdated = { subject: 'events.companies.company.updated', Payload: CompanyChangedPayload, version: 1 };
export const CompanyDeleted = { subject: 'events.companies.company.deleted', Payload: CompanyDeletedPayload, version: 1 };

/** An imported company's address: what the call queue shows. */
export class ImportedCompanyAddress {
  // Absent from events written before the call queue showed the address line: read as null.
  @IsOptional() @IsString() @MaxLength(ADDRESS_LINE_MAX_LENGTH) line?: string | null;
  @PresentOrNull() @IsString() @Length(5, 5) postalCode!: string | null;
  @PresentOrNull() @IsString() @MaxLength(CITY_MAX_LENGTH) city!: string | null;
}

/**
 * What an `imported` event says of each company: the fields other services keep of it (contacts:
 * id and version; campaigns: its call-queue summary), not the whole Company. An import writes a
 * million of them, so every field costs; a consumer that needs another one adds it here and to the
 * import's SQL (apps/companies/src/imports/imported-company.sql.ts). Unlike `created`/`updated`,
 * the producer writes exactly these fields, so an unknown one is refused.
 */
export class ImportedCompany {
  @IsUUID() id!: string;
  @IsString() @Length(14, 14) siret!: string;
  @IsString() @Length(1, NAME_MAX_LENGTH) name!: string;
  @PresentOrNull() @IsString() @MaxLength(NAF_CODE_MAX_LENGTH) nafCode!: string | null;
  // nafLabel, sizeBand and address.line: absent from events written before the call queue showed them.
  @IsOptional() @IsString() @MaxLength(NAF_LABEL_MAX_LENGTH) nafLabel?: string | null;
  @IsOptional() @IsIn(SIZE_BANDS) sizeBand?: SizeBand | null;
  @IsDefined() @ValidateNested() @Type(() => ImportedCompanyAddress) address!: ImportedCompanyAddress;
  @PresentOrNull() @IsString() @MaxLength(PHONE_INPUT_MAX_LENGTH) phone!: string | null;
  @PresentOrNull() @IsInt() @Min(HIRING_POTENTIAL.minimum) @Max(HIRING_POTENTIAL.maximum) hiringPotential!: number | null;
  @IsBoolean() doNotCall!: boolean;
  @IsInt() @Min(1) @Max(MAX_VERSION) version!: number;
}

/**
 * Emitted by an import for each batch it writes: up to 500 companies of one organisation, created
 * or changed, written in the batch's transaction. Consumers apply it like one `updated` per company.
 */
export class CompanyImportedPayload {
  @IsUUID() organizationId!: string;
  @IsArray() @ArrayMaxSize(IMPORTED_COMPANIES_MAX) @ValidateNested({ each: true }) @Type(() => ImportedCompany) companies!: ImportedCompany[];
}

export const CompanyImported = { subject: 'events.companies.company.imported', Payload: CompanyImportedPayload, version: 1 };
