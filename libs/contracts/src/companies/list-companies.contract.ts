import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { Company, SIZE_BANDS, type SizeBand, TAG_MAX_LENGTH } from './company.dto.js';
import { fieldRule } from '../common/field-error-codes.js';

const MAX_VALUES = 50;
/** Longest comma-separated list of MAX_VALUES values of at most `length` characters each. */
const listMaxLength = (length: number) => MAX_VALUES * (length + 1);

/** `?naf=10.71,47` and `?naf=10.71&naf=47` are the same list; blanks are dropped. */
const commaList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === null) return value;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => (typeof part === 'string' ? part.split(',') : [part]));
  const list = parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '');
  return list.length > 0 ? list : undefined;
};
const upperList = (input: { value: unknown }): unknown => {
  const list = commaList(input);
  return Array.isArray(list) ? list.map((part) => (typeof part === 'string' ? part.toUpperCase() : part)) : list;
};
const booleanText = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
const blankless = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);

/**
 * Searches and lists the organisation's companies in cursor pages. With `q`: by relevance (accent-,
 * case- and typo-tolerant on name and trade name), then id; without: by name, then id. Filters are
 * AND-ed; the comma-separated values of one filter are OR-ed. A malformed value answers 400; a
 * well-formed one that names nothing (NAF prefix 99, ROME code Z9999) finds nothing.
 */
export const subject = 'companies.v1.company.list';
export class Request extends PageQuery {
  @ApiPropertyOptional({ maxLength: 200, description: 'Words of the name or trade name, typos and accents tolerated', example: 'boulangerie dupond' })
  @IsOptional() @Transform(blankless) @IsString() @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ type: String, maxLength: listMaxLength(6), description: 'NAF codes or prefixes, comma-separated: 10.71C, 1071C, 10.71, 47', example: '10.71,47.24Z' })
  @IsOptional() @Transform(upperList) @IsArray() @ArrayMaxSize(MAX_VALUES)
  @Matches(/^\d{2}(\.?\d(\d[A-Z]?)?)?$/, { each: true, message: 'naf must be NAF codes or prefixes such as 10.71C, 10.71 or 47', context: fieldRule('nafFilterFormat') })
  naf?: string[];

  @ApiPropertyOptional({ type: String, maxLength: listMaxLength(5), description: 'ROME job codes, comma-separated: the NAF codes that hire for them', example: 'D1102' })
  @IsOptional() @Transform(upperList) @IsArray() @ArrayMaxSize(MAX_VALUES)
  @Matches(/^[A-Z]\d{4}$/, { each: true, message: 'rome must be ROME codes such as D1102', context: fieldRule('romeCodeFormat') })
  rome?: string[];

  @ApiPropertyOptional({ type: String, maxLength: listMaxLength(5), description: 'Postal codes or their prefixes (59 for the Nord), or 2A / 2B, comma-separated', example: '59,62100' })
  @IsOptional() @Transform(upperList) @IsArray() @ArrayMaxSize(MAX_VALUES)
  @Matches(/^(\d{2,5}|2[AB])$/, { each: true, message: 'postalCode must be postal codes, their first digits (59) or 2A/2B', context: fieldRule('postalCodeFilterFormat') })
  postalCode?: string[];

  @ApiPropertyOptional({ type: String, maxLength: listMaxLength(100), description: 'Cities, accents and case aside, comma-separated', example: 'Dunkerque' })
  @IsOptional() @Transform(commaList) @IsArray() @ArrayMaxSize(MAX_VALUES) @IsString({ each: true }) @Length(1, 100, { each: true })
  city?: string[];

  @ApiPropertyOptional({ type: String, maxLength: listMaxLength(2), description: 'INSEE size band codes, comma-separated', example: '01,02' })
  @IsOptional() @Transform(upperList) @IsArray() @ArrayMaxSize(MAX_VALUES)
  @IsIn(SIZE_BANDS, { each: true, message: `sizeBand must be INSEE size band codes: ${SIZE_BANDS.join(', ')}` })
  sizeBand?: SizeBand[];

  @ApiPropertyOptional({ type: String, maxLength: listMaxLength(TAG_MAX_LENGTH), description: 'Tags (any of them), comma-separated', example: 'apprentissage' })
  @IsOptional() @Transform(commaList) @IsArray() @ArrayMaxSize(MAX_VALUES) @IsString({ each: true }) @Length(1, TAG_MAX_LENGTH, { each: true })
  tag?: string[];

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional() @Transform(booleanText) @IsBoolean({ message: 'doNotCall must be true or false' })
  doNotCall?: boolean;
}
// Named for the OpenAPI document: every contract has a `Response`, and clients have a global one.
@ApiSchema({ name: 'CompanyPage' })
export class Response implements Page<Company> {
  @ApiProperty(pageItems(Company)) items!: Company[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
