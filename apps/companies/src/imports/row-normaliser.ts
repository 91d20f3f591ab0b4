import type { FieldError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { type NormalisedCompany, normaliseCompany } from '../reference/company-normaliser.js';
import { ReferenceData } from '../reference/reference-data.js';
import type { ImportedFields } from './column-mapping.js';

/** The registry's own checks and normalisation (the same as POST /companies), applied to each imported row. */
@Injectable()
export class RowNormaliser {
  constructor(private readonly reference: ReferenceData) {}

  normalise(fields: ImportedFields): { values: NormalisedCompany; errors: FieldError[] } {
    return normaliseCompany(fields, this.reference);
  }
}
