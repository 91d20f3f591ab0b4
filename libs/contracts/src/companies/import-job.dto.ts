import { ApiProperty } from '@nestjs/swagger';
import { FieldErrorDoc } from '../common/field-error.doc.js';
import { COUNT_PROPERTY, DATE_TIME_PROPERTY, MESSAGE_MAX_LENGTH } from '../common/limits.js';
import { Resource } from '../common/resource.js';
import { IMPORT_STATUSES, type ImportStatus } from './company-enums.js';
export { IMPORT_STATUSES, type ImportStatus } from './company-enums.js';

/** How many row errors a job keeps (the counters count them all). */
export const IMPORT_ERRORS_KEPT = 1000;

/** JetStream object store bucket holding uploaded files until their import ends. */
export const IMPORTS_BUCKET = 'filon-imports';
/** JetStream removes an uploaded file after this long even if its import never ended (48 h). */
export const IMPORT_FILE_TTL_MS = 48 * 3_600_000;

/**
 * One invalid field of one row of an imported file: a field error (the same `code` and `params` as the
 * `errors[]` of a 400) whose field is the column, with the line of its row.
 */
export class ImportRowError extends FieldErrorDoc {
  @ApiProperty({ ...COUNT_PROPERTY, minimum: 1, description: 'Physical line where the row starts in the file (the header is line 1)', example: 42 })
  line!: number;

  @ApiProperty({ maxLength: 200, description: 'The column, as named in the file header', example: 'siret' })
  declare field: string;

  @ApiProperty({ maxLength: MESSAGE_MAX_LENGTH, example: 'siret is not a valid SIRET (wrong check digit)', description: 'The same in English' })
  declare message: string;
}

/**
 * A CSV import of companies and its live progress. Every data row ends up counted once in
 * `inserted`, `updated`, `skipped` (closed establishments, blank rows are ignored) or `rejected`.
 */
export class ImportJob extends Resource {
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: ImportStatus;
  @ApiProperty({ type: String, nullable: true, maxLength: 255, description: 'The uploaded file name, when the client gave one', example: 'StockEtablissement_59.csv' })
  filename!: string | null;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Size of the uploaded file in bytes' }) size!: number;
  @ApiProperty({ ...COUNT_PROPERTY, nullable: true, description: 'Data rows in the file; known once the whole file has been read' })
  totalRows!: number | null;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Data rows handled so far (inserted + updated + skipped + rejected)' }) processedRows!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Companies created' }) inserted!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Rows that changed an existing company (a SIRET repeated in the file: the last row wins, earlier ones count here)' })
  updated!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Closed establishments (SIRENE etatAdministratifEtablissement = F)' }) skipped!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Rows with at least one invalid field; nothing of them was written' }) rejected!: number;
  @ApiProperty({ type: [ImportRowError], maxItems: IMPORT_ERRORS_KEPT, description: `The first ${IMPORT_ERRORS_KEPT} errors, in file order` }) errors!: ImportRowError[];
  @ApiProperty({ type: String, nullable: true, maxLength: MESSAGE_MAX_LENGTH, description: 'Why the job failed (status failed)' }) failureReason!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) startedAt!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ enum: ['ours', 'sirene'], nullable: true, description: 'The column set recognised in the header' })
  format!: 'ours' | 'sirene' | null;
}
