import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import type { FieldError } from '../common/problems.js';
import { CompanyChanges } from './update-company.contract.js';

/**
 * Reports what is wrong with company fields that already passed the format checks of the DTO,
 * against the nomenclatures only the companies service holds (NAF codes, postal codes and their
 * communes, SIRET keys…), without writing anything. The gateway asks when its own checks failed,
 * so that one 400 lists every invalid field. `id`: the company being changed (its stored address
 * completes a partial one); unknown ids are ignored, never reported.
 */
export const subject = 'companies.v1.company.check';
export class Request {
  @IsIn(['create', 'update']) mode!: 'create' | 'update';
  @IsOptional() @IsUUID() id?: string;
  // ValidateNested skips undefined: without IsDefined a missing `fields` would reach the service.
  @IsDefined() @ValidateNested() @Type(() => CompanyChanges) fields!: CompanyChanges;
}
export class Response {
  errors!: FieldError[];
}
