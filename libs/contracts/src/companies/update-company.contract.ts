import { PartialType } from '@nestjs/swagger';
import { IsDefined, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { Company, CompanyFields } from './company.dto.js';

// skipNullProperties false: `name: null` is refused (PartialType's IsOptional would let null through);
// the fields that may be cleared keep their own IsOptional.
export class CompanyChanges extends PartialType(CompanyFields, { skipNullProperties: false }) {}

/**
 * Changes some fields of a company. The change applies only to `expectedVersion` (required):
 * otherwise PreconditionFailed (412) and nothing changes. Fails with NotFound (404), SiretTaken (409).
 */
export const subject = 'companies.v1.company.update';
export class Request {
  @IsUUID() id!: string;
  // Required on this side too: NATS is a trust boundary, and no caller may fall back to last-writer-wins.
  @IsInt() @Min(1) expectedVersion!: number;
  // ValidateNested skips undefined: without IsDefined a missing `changes` would reach the service.
  @IsDefined() @ValidateNested() @Type(() => CompanyChanges) changes!: CompanyChanges;
}
export class Response extends Company {}
