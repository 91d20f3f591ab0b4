import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { OFFER_STATUSES, type OfferStatus } from './campaign-enums.js';
import { Offer, OfferFields } from './call.dto.js';

/**
 * What a manager may change of an offer: its status, title, positions, ROME code and description.
 * Its contract type stays: the dashboards count offers by contract type as they were found.
 */
export class OfferChanges extends PartialType(PickType(OfferFields, ['title', 'positions', 'romeCode', 'description'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: OFFER_STATUSES })
  @OptionalNotNull() @IsIn(OFFER_STATUSES)
  status?: OfferStatus;
}

/**
 * Changes an offer (managers) at `expectedVersion` (412 otherwise). A status change does not touch
 * the rollups: they count offers found. Fails with NotFound (404), Forbidden (403).
 */
export const subject = 'campaigns.v1.offer.update';
export class Request {
  @IsUUID() id!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsDefined() @ValidateNested() @Type(() => OfferChanges) changes!: OfferChanges;
}
export class Response extends Offer {}
