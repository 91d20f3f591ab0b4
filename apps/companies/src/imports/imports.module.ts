import { Module } from '@nestjs/common';
import { CompanyBatchWriter } from './company-batch-writer.js';
import { ImportFilePruning } from './import-file-pruning.js';
import { ImportFiles } from './import-files.js';
import { ImportRunner } from './import-runner.js';
import { ImportWorker } from './import-worker.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';
import { RowNormaliser } from './row-normaliser.js';

@Module({
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository, ImportWorker, ImportRunner, CompanyBatchWriter, ImportFiles, RowNormaliser, ImportFilePruning],
})
export class ImportsModule {}
