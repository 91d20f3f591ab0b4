import { type FieldError, IMPORT_ERRORS_KEPT, type ImportRowError } from '@app/contracts';
import type { NormalisedCompany } from '../reference/company-normaliser.js';
import type { ColumnMapping, ImportedFields } from './column-mapping.js';
import type { Batch } from './company-batch-writer.js';
import type { CsvRecord } from './csv-records.js';
import { stagingLine } from './staging.js';

export type Normalise = (fields: ImportedFields) => { values: NormalisedCompany; errors: FieldError[] };

/**
 * Turns records into a batch: each row skipped (closed establishment), rejected (every invalid
 * field reported with the row's line and the column's name in the header) or staged for COPY.
 */
export class BatchBuilder {
  private lines: string[] = [];
  private skipped = 0;
  private rejected = 0;
  private errors: ImportRowError[] = [];
  /** Records taken into this batch, blank ones included. */
  records = 0;

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly normalise: Normalise,
    /** Errors the job already keeps (a resumed job keeps its earlier ones). */
    private errorsKept: number,
  ) {}

  add(record: CsvRecord): void {
    this.records++;
    const row = this.mapping.map(record.fields);
    if (row.blank) return;
    if (row.closed) {
      this.skipped++;
      return;
    }
    const { values, errors } = this.normalise(row.fields);
    const notUtf8 = this.mapping.notUtf8(record.fields);
    if (errors.length === 0 && values.siret && !notUtf8) {
      this.lines.push(stagingLine(record.line, values));
      return;
    }
    const problems: FieldError[] = [];
    // Rows are upserted by SIRET: the API lets a company go without one, an import row cannot.
    if (row.fields.siret === undefined) problems.push({ field: this.mapping.columnOf('siret'), message: 'siret is required: rows are matched by SIRET' });
    for (const error of errors) problems.push({ field: this.mapping.columnOf(error.field), message: error.message });
    if (notUtf8) problems.push({ field: notUtf8, message: `${notUtf8} is not valid UTF-8: save the file as "CSV UTF-8"` });
    this.rejected++;
    for (const problem of problems) {
      if (this.errorsKept >= IMPORT_ERRORS_KEPT) break;
      this.errors.push({ line: record.line, field: problem.field, message: problem.message });
      this.errorsKept++;
    }
  }

  /** The batch so far, then starts a new one. `recordsRead` is the file position it brings the job to. */
  take(recordsRead: number): Batch {
    const batch: Batch = {
      copyText: this.lines.join(''),
      goodRows: this.lines.length,
      skipped: this.skipped,
      rejected: this.rejected,
      errors: this.errors,
      recordsRead,
    };
    this.lines = [];
    this.skipped = 0;
    this.rejected = 0;
    this.errors = [];
    this.records = 0;
    return batch;
  }
}
