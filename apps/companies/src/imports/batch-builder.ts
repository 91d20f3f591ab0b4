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
  private readonly copyText = new CopyText();
  private goodRows = 0;
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
    const unreadable = this.mapping.unreadableCell(record.fields);
    if (errors.length === 0 && values.siret && !unreadable) {
      this.copyText.append(stagingLine(record.line, values));
      this.goodRows++;
      return;
    }
    const problems: FieldError[] = [];
    // Rows are upserted by SIRET: the API lets a company go without one, an import row cannot.
    if (row.fields.siret === undefined) problems.push({ field: this.mapping.columnOf('siret'), code: 'required', message: 'siret is required: rows are matched by SIRET' });
    for (const error of errors) problems.push({ ...error, field: this.mapping.columnOf(error.field) });
    if (unreadable) problems.push(unreadable);
    this.rejected++;
    for (const problem of problems) {
      if (this.errorsKept >= IMPORT_ERRORS_KEPT) break;
      this.errors.push({ line: record.line, ...problem });
      this.errorsKept++;
    }
  }

  /** The batch so far, then starts a new one. `recordsRead` is the file position it brings the job to. */
  take(recordsRead: number): Batch {
    const batch: Batch = {
      copyText: this.copyText.take(),
      goodRows: this.goodRows,
      skipped: this.skipped,
      rejected: this.rejected,
      errors: this.errors,
      recordsRead,
    };
    this.goodRows = 0;
    this.skipped = 0;
    this.rejected = 0;
    this.errors = [];
    this.records = 0;
    return batch;
  }
}

/** A batch of 10,000 company rows takes about 2 MB of COPY text. */
const INITIAL_BYTES = 2 * 1024 * 1024;

/**
 * The COPY text of a batch, written as UTF-8 bytes as each row comes: the row's strings die young.
 * Kept as strings until the batch is written, ten thousand rows of them (each line a rope of its
 * cells) would outlive the young generation and make every batch a costly old-space collection.
 */
class CopyText {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private length = 0;

  append(text: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 code unit.
    const needed = this.length + text.length * 3;
    if (needed > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(bigger, 0, 0, this.length);
      this.bytes = bigger;
    }
    this.length += this.bytes.write(text, this.length);
  }

  /** The text so far; the next rows go to a new buffer (the batch being written keeps this one). */
  take(): Buffer {
    const taken = this.bytes.subarray(0, this.length);
    this.bytes = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, this.length));
    this.length = 0;
    return taken;
  }
}
