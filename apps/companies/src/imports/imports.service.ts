import type { Actor, Envelope, ImportJob, StartImport } from '@app/contracts';
import { assertRole, UnitOfWork } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { toImportJob } from './import-job.mapper.js';
import { ImportWorker } from './import-worker.js';
import { ImportNotFoundError } from './imports.errors.js';
import { ImportsRepository } from './imports.repository.js';

const IMPORTERS = ['manager'] as const;

@Injectable()
export class ImportsService {
  constructor(
    private readonly repository: ImportsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly worker: ImportWorker,
  ) {}

  /** Queues the import of an uploaded file; a worker picks it up (this instance's, at once). */
  async start(envelope: Envelope<StartImport.Request>): Promise<ImportJob> {
    const { actor, requestId, data } = envelope;
    assertRole(actor, IMPORTERS);
    const job = await this.unitOfWork.write(envelope, async (tx) =>
      toImportJob(
        await this.repository.insert(tx, {
          id: data.importId,
          organizationId: actor.organizationId,
          createdBy: actor.userId,
          actorRole: actor.role,
          requestId,
          objectName: data.objectName,
          filename: data.filename ?? null,
          size: data.size,
        }),
      ),
    );
    this.worker.wake();
    return job;
  }

  async get(actor: Actor, id: string): Promise<ImportJob> {
    const job = await this.repository.findOne(actor.organizationId, id);
    if (!job) throw new ImportNotFoundError();
    return toImportJob(job);
  }
}
