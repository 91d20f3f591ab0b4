import { FileCorruptError, FileGoneError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { BatchBuilder } from './batch-builder.js';
import { HeaderError, mapHeader } from './column-mapping.js';
import { type Batch, CompanyBatchWriter } from './company-batch-writer.js';
import { CsvFormatError, readCsvRecords } from './csv-records.js';
import { ImportFiles } from './import-files.js';
import type { ImportJobEntity } from './import-job.entity.js';
import { ImportsRepository } from './imports.repository.js';
import { RowNormaliser } from './row-normaliser.js';

/** Rows per batch: one COPY, one upsert and one transaction each. Memory holds one batch. */
export const BATCH_ROWS = 10_000;

/**
 * Rows parsed between two turns of the event loop. Records come out of the parser without waiting
 * for I/O, so without these turns the batch being written would hear of each statement's end only
 * once the next batch is parsed, and the database would wait for the parser at every round trip.
 */
const YIELD_ROWS = 100;

/** How a run ended, when it did not throw. */
export type RunOutcome = 'done' | 'interrupted' | 'lease-lost';

/** A problem with the file itself: retrying cannot help, the job fails with this message for the user. */
export class ImportFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFailedError';
  }
}

const isBlank = (cells: string[]): boolean => cells.every((cell) => cell.trim() === '');

export const FILE_GONE_REASON =
  'The uploaded file is no longer available (files are kept 48 hours, or it was removed), so the import could not be completed; rows already imported stay. Upload the file again: rows are matched by SIRET, so re-importing is safe.';

/**
 * Runs one claimed job from where it stopped: streams the stored file through the CSV parser,
 * skips the records an earlier run already wrote (their batch committed with the resume point),
 * and writes the rest batch by batch. Stops between batches when `signal` aborts.
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly files: ImportFiles,
    private readonly writer: CompanyBatchWriter,
    private readonly jobs: ImportsRepository,
    private readonly normaliser: RowNormaliser,
  ) {}

  async run(job: ImportJobEntity, lease: string, signal: AbortSignal): Promise<RunOutcome> {
    const chunks = job.objectName ? await this.files.read(job.objectName) : null;
    if (!chunks) throw new ImportFailedError(FILE_GONE_REASON);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    // One batch is written while the next is parsed: the database and this process work at once.
    let writing: Promise<boolean> | undefined;
    const write = async (batch: Batch, finish: boolean): Promise<boolean> => {
      const previous = writing;
      writing = undefined;
      if (previous && !(await previous)) return false;
      writing = this.writer.write(runner, job, lease, batch, finish);
      // Awaited at the next write or at the end; this only keeps an early failure from going unhandled meanwhile.
      writing.catch(() => undefined);
      return true;
    };
    try {
      await this.writer.prepare(runner);
      const records = readCsvRecords(chunks);
      let header = await records.next();
      while (!header.done && isBlank(header.value.fields)) header = await records.next();
      if (header.done) throw new ImportFailedError('The file is empty: the first line must name the columns.');
      const mapping = mapHeader(header.value.fields);
      await this.jobs.setFormat(job.id, lease, mapping.format);
      const batch = new BatchBuilder(mapping, (fields) => this.normaliser.normalise(fields), job.errors.length);
      let recordsRead = 0;
      for await (const record of records) {
        recordsRead++;
        if (recordsRead <= job.recordsRead) {
          if (recordsRead % BATCH_ROWS === 0 && signal.aborted) return 'interrupted';
          continue;
        }
        batch.add(record);
        if (batch.records % YIELD_ROWS === 0) await yieldToEventLoop();
        if (batch.records >= BATCH_ROWS) {
          if (!(await write(batch.take(recordsRead), false))) return 'lease-lost';
          if (signal.aborted) return (await writing) ? 'interrupted' : 'lease-lost';
        }
      }
      // The last batch and `done` in one transaction: a job is done only once every row is written.
      if (!(await write(batch.take(recordsRead), true))) return 'lease-lost';
      return (await writing) ? 'done' : 'lease-lost';
    } catch (error) {
      if (error instanceof HeaderError || error instanceof CsvFormatError) throw new ImportFailedError(error.message);
      if (error instanceof FileGoneError) throw new ImportFailedError(FILE_GONE_REASON);
      if (error instanceof FileCorruptError) throw new ImportFailedError('The stored file is damaged (its checksum does not match what was uploaded). Upload it again.');
      throw error;
    } finally {
      // Never release the connection under a write still running on it.
      await writing?.catch(() => undefined);
      await this.writer.release(runner).catch(() => undefined);
      await runner.release();
    }
  }
}
