import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { UUID_PROPERTY } from '../common/limits.js';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { OFFER_CONTRACT_TYPES, OFFER_STATUSES, type OfferContractType, type OfferStatus } from './campaign-enums.js';
import { Offer } from './call.dto.js';

const blankless = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);

/**
 * The offers found by calling across the organisation's campaigns (the hidden-market board), newest
 * first (then id), in cursor pages (every role). `q` looks for its text, case aside, in the title,
 * the description and the company's name.
 */
export const subject = 'campaigns.v1.offer.list';
export class Request extends PageQuery {
  @ApiPropertyOptional({ enum: OFFER_CONTRACT_TYPES })
  @IsOptional() @IsIn(OFFER_CONTRACT_TYPES)
  contractType?: OfferContractType;

  @ApiPropertyOptional({ enum: OFFER_STATUSES })
  @IsOptional() @IsIn(OFFER_STATUSES)
  status?: OfferStatus;

  @ApiPropertyOptional(UUID_PROPERTY)
  @IsOptional() @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Text of the title, description or company name', example: 'boulanger' })
  @IsOptional() @Transform(blankless) @IsString() @Length(1, 200)
  q?: string;
}
@ApiSchema({ name: 'OfferPage' })
export class Response implements Page<Offer> {
  @ApiProperty(pageItems(Offer)) items!: Offer[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
