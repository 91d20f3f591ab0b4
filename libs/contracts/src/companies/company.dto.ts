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
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim, withoutSpaces } from '../common/transforms.js';

/** INSEE "tranches d'effectifs" codes. */
export const SIZE_BANDS = ['NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', '42', '51', '52', '53'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export class AddressFields {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300, example: '12 rue de la Marine' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(300)
  line?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: '^\\d{5}$', example: '59140' })
  @IsOptional() @Transform(withoutSpaces) @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits' })
  postalCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'Dunkerque' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(100)
  city?: string | null;
}

/** The writable fields of a company, shared by create and update. */
export class CompanyFields {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Boulangerie Dupont' })
  @Transform(trim) @IsString() @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: "Trade name (enseigne), searched with the name", example: 'Au Bon Pain' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  tradeName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '14 digits; spaces accepted on input', example: '55210055400013' })
  @IsOptional() @Transform(withoutSpaces) @Matches(/^\d{14}$/, { message: 'siret must be 14 digits' })
  siret?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'NAF rev. 2 (APE) code', example: '10.71C' })
  @IsOptional() @Transform(trim) @Matches(/^\d{2}\.?\d{2}[A-Za-z]$/, { message: 'nafCode must look like 10.71C' })
  nafCode?: string | null;

  @ApiPropertyOptional({ enum: SIZE_BANDS, nullable: true, description: "INSEE tranche d'effectifs" })
  @IsOptional() @IsIn(SIZE_BANDS)
  sizeBand?: SizeBand | null;

  @ApiPropertyOptional({ type: AddressFields, nullable: true })
  @IsOptional() @ValidateNested() @Type(() => AddressFields)
  address?: AddressFields | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Any usual form (French numbers by default); stored E.164', example: '03 28 12 34 56' })
  @IsOptional() @Transform(trim) @IsString() @Length(3, 30)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional() @Transform(trim) @IsEmail() @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional() @Transform(trim) @IsUrl() @MaxLength(500)
  website?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 50 })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: 100, description: 'Given, or (absent or null) estimated from the NAF code and size band: README.md' })
  @IsOptional() @IsInt() @Min(0) @Max(100)
  hiringPotential?: number | null;

  @ApiPropertyOptional({ type: Boolean })
  @OptionalNotNull() @IsBoolean()
  doNotCall?: boolean;
}


export class Address {
  @ApiProperty({ type: String, nullable: true }) line!: string | null;
  @ApiProperty({ type: String, nullable: true }) postalCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "As given, or La Poste's commune name when only the postal code was" }) city!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Département code (59, 2A, 974), derived from the postal code', example: '59' })
  department!: string | null;
}

export class Company extends Resource {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) tradeName!: string | null;
  @ApiProperty({ type: String, nullable: true }) siret!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first 9 digits of the SIRET' }) siren!: string | null;
  @ApiProperty({ type: String, nullable: true }) nafCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Derived from the nomenclature' }) nafLabel!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The NAF code's nomenclature: NAFRev2 (NAF 2025 replaces it in 2027)" })
  nafNomenclature!: string | null;
  @ApiProperty({ enum: SIZE_BANDS, nullable: true }) sizeBand!: SizeBand | null;
  @ApiProperty({ type: Address }) address!: Address;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) website!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: 'integer', nullable: true }) hiringPotential!: number | null;
  @ApiProperty({ description: "True when hiringPotential is filon's estimate (README.md), false when it was given" })
  hiringPotentialEstimated!: boolean;
  @ApiProperty() doNotCall!: boolean;
}
