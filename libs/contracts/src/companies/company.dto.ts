import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { E164_MAX_LENGTH, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim, withoutSpaces } from '../common/transforms.js';
import { fieldRule } from '../common/field-error-codes.js';
import { SIZE_BANDS, type SizeBand } from './company-enums.js';
export { SIZE_BANDS, type SizeBand } from './company-enums.js';

// Lengths shared by the checks and the document. SIRET and postal code accept spaces on input.
const SIRET_INPUT_MAX_LENGTH = 20;
const POSTAL_CODE_INPUT_MAX_LENGTH = 10;
export const NAF_CODE_MAX_LENGTH = 6;
export const NAF_LABEL_MAX_LENGTH = 300;
export const ADDRESS_LINE_MAX_LENGTH = 300;
export const CITY_MAX_LENGTH = 100;
export const HIRING_POTENTIAL = { type: 'integer', format: 'int32', nullable: true, minimum: 0, maximum: 100 } as const;
const WEBSITE_MAX_LENGTH = 500;
export const TAG_MAX_LENGTH = 50;
export const TAGS_MAX_ITEMS = 50;

export class AddressFields {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: ADDRESS_LINE_MAX_LENGTH, example: '12 rue de la Marine' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(ADDRESS_LINE_MAX_LENGTH)
  line?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: POSTAL_CODE_INPUT_MAX_LENGTH, description: '5 digits, spaces aside', example: '59140' })
  @IsOptional() @Transform(withoutSpaces) @MaxLength(POSTAL_CODE_INPUT_MAX_LENGTH) @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits', context: fieldRule('postalCodeFormat') })
  postalCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CITY_MAX_LENGTH, example: 'Dunkerque' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(CITY_MAX_LENGTH)
  city?: string | null;
}

/** The writable fields of a company, shared by create and update. */
export class CompanyFields {
  @ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Boulangerie Dupont' })
  @Transform(trim) @IsString() @Length(1, NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: "Trade name (enseigne), searched with the name", example: 'Au Bon Pain' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(NAME_MAX_LENGTH)
  tradeName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SIRET_INPUT_MAX_LENGTH, description: '14 digits; spaces accepted on input', example: '55210055400013' })
  @IsOptional() @Transform(withoutSpaces) @MaxLength(SIRET_INPUT_MAX_LENGTH) @Matches(/^\d{14}$/, { message: 'siret must be 14 digits', context: fieldRule('siretFormat') })
  siret?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NAF_CODE_MAX_LENGTH, description: 'NAF rev. 2 (APE) code', example: '10.71C' })
  @IsOptional() @Transform(trim) @MaxLength(NAF_CODE_MAX_LENGTH) @Matches(/^\d{2}\.?\d{2}[A-Za-z]$/, { message: 'nafCode must look like 10.71C', context: fieldRule('nafCodeFormat') })
  nafCode?: string | null;

  @ApiPropertyOptional({ enum: SIZE_BANDS, nullable: true, description: "INSEE tranche d'effectifs" })
  @IsOptional() @IsIn(SIZE_BANDS)
  sizeBand?: SizeBand | null;

  @ApiPropertyOptional({ type: AddressFields, nullable: true })
  @IsOptional() @ValidateNested() @Type(() => AddressFields)
  address?: AddressFields | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PHONE_INPUT_MAX_LENGTH, description: 'Any usual form (French numbers by default); stored E.164', example: '03 28 12 34 56' })
  @IsOptional() @Transform(trim) @IsString() @Length(3, PHONE_INPUT_MAX_LENGTH)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: EMAIL_MAX_LENGTH })
  @IsOptional() @Transform(trim) @IsEmail() @MaxLength(EMAIL_MAX_LENGTH)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri', maxLength: WEBSITE_MAX_LENGTH })
  @IsOptional() @Transform(trim) @IsUrl() @MaxLength(WEBSITE_MAX_LENGTH)
  website?: string | null;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', minLength: 1, maxLength: TAG_MAX_LENGTH }, maxItems: TAGS_MAX_ITEMS })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(TAGS_MAX_ITEMS) @IsString({ each: true }) @Length(1, TAG_MAX_LENGTH, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ ...HIRING_POTENTIAL, description: 'Given, or (absent or null) estimated from the NAF code and size band: README.md' })
  @IsOptional() @IsInt() @Min(HIRING_POTENTIAL.minimum) @Max(HIRING_POTENTIAL.maximum)
  hiringPotential?: number | null;

  @ApiPropertyOptional({ type: Boolean })
  @OptionalNotNull() @IsBoolean()
  doNotCall?: boolean;
}


export class Address {
  @ApiProperty({ type: String, nullable: true, maxLength: ADDRESS_LINE_MAX_LENGTH }) line!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 5 }) postalCode!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: CITY_MAX_LENGTH, description: "As given, or La Poste's commune name when only the postal code was" }) city!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 3, description: 'Département code (59, 2A, 974), derived from the postal code', example: '59' })
  department!: string | null;
}

export class Company extends Resource {
  @ApiProperty(UUID_PROPERTY) organizationId!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH }) tradeName!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 14 }) siret!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 9, description: 'The first 9 digits of the SIRET' }) siren!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: NAF_CODE_MAX_LENGTH }) nafCode!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: NAF_LABEL_MAX_LENGTH, description: 'Derived from the nomenclature' }) nafLabel!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 10, description: "The NAF code's nomenclature: NAFRev2 (NAF 2025 replaces it in 2027)" })
  nafNomenclature!: string | null;
  @ApiProperty({ enum: SIZE_BANDS, nullable: true }) sizeBand!: SizeBand | null;
  @ApiProperty({ type: Address }) address!: Address;
  @ApiProperty({ type: String, nullable: true, maxLength: E164_MAX_LENGTH, description: 'E.164' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'email', maxLength: EMAIL_MAX_LENGTH }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uri', maxLength: WEBSITE_MAX_LENGTH }) website!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: TAG_MAX_LENGTH }, maxItems: TAGS_MAX_ITEMS }) tags!: string[];
  @ApiProperty(HIRING_POTENTIAL) hiringPotential!: number | null;
  @ApiProperty({ description: "True when hiringPotential is filon's estimate (README.md), false when it was given" })
  hiringPotentialEstimated!: boolean;
  @ApiProperty() doNotCall!: boolean;
}
