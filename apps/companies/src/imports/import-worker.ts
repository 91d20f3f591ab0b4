import { Scheduler } from '@app/platform';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ImportFiles } from './import-files.js';
import type { ImportJobEntity } from './import-job.entity.js';
import { ImportFailedError, ImportRunner } from './import-runner.js';
import { ImportsRepository } from './imports.repository.js';

/** A worker renews its lease this often while it runs a job. */
const HEARTBEAT_MS = 5_000;
/** A job whose lease was not renewed for this long is taken over by another instance (its worker died). */
export const LEASE_MS = 30_000;
/** Idle instances look for jobs this often (the instance that queued a job starts it at once). */
const POLL_MS = 2_000;
const WORKER_JOB = 'import-worker';
/** After this many attempts that failed on our side (database, NATS), the job fails. */
const MAX_FAILURES = 5;

/**
 * Claims import jobs one at a time per instance (replicas share them through SKIP LOCKED) and runs
 * them. Restart safety: progress and the resume point commit with each batch; a stopping instance
 * finishes its batch and gives the job back at once, and a dead one's lease expires after LEASE_MS;
 * either way the next instance resumes the job. A job ends `done` only with its last batch written.
 */
@Injectable()
export class ImportWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImportWorker.name);
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly jobs: ImportsRepository,
    private readonly runner: ImportRunner,
    private readonly files: ImportFiles,
    private readonly scheduler: Scheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.start(WORKER_JOB, { run: () => this.drain(), intervalMs: POLL_MS, failureMessage: 'Could not look for import jobs; will try again' });
  }

  /** A job was just queued: look now rather than at the next poll. */
  wake(): void {
    this.scheduler.wake(WORKER_JOB);
  }

  /** Runs before the database and NATS connections close: the job in hand is given back after its current batch. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.scheduler.stop(WORKER_JOB);
  }

  private async drain(): Promise<void> {
    while (!this.stopping) {
      const lease = randomUUID();
      const job = await this.jobs.claim(lease, LEASE_MS);
      if (!job) return;
      await this.runJob(job, lease);
    }
  }

  private async runJob(job: ImportJobEntity, lease: string): Promise<void> {
    const log = { importId: job.id, organizationId: job.organizationId, requestId: job.requestId };
    this.logger.log({ ...log, resumeAt: job.recordsRead, attempt: job.attempts }, job.recordsRead > 0 ? 'Resuming import' : 'Starting import');
    const lost = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, lost.signal]);
    const heartbeat = setInterval(() => {
      this.jobs
        .beat(job.id, lease, LEASE_MS)
        .then((held) => held || lost.abort())
        .catch((error: unknown) => this.logger.warn({ ...log, err: error }, 'Import heartbeat failed'));
    }, HEARTBEAT_MS);
    try {
      const outcome = await this.runner.run(job, lease, signal);
      if (outcome === 'done') {
        this.logger.log(log, 'Import done');
        await this.removeFile(job);
      } else if (outcome === 'interrupted') {
        await this.jobs.release(job.id, lease, 0, false);
        this.logger.log(log, 'Import interrupted by shutdown; handed back for the next instance');
      } else {
        this.logger.warn(log, 'Import lease lost: another instance took the job over');
      }
    } catch (error) {
      await this.onFailure(job, lease, error, log);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async onFailure(job: ImportJobEntity, lease: string, error: unknown, log: Record<string, unknown>): Promise<void> {
    if (error instanceof ImportFailedError) {
      this.logger.warn({ ...log, reason: error.message }, 'Import failed');
      await this.jobs.fail(job.id, lease, error.message);
      await this.removeFile(job);
      return;
    }
    // Our side failed (database, NATS): try again later, with a growing delay, a few times.
    this.logger.error({ ...log, err: error }, 'Import attempt failed; will retry');
    const failures = job.failures + 1;
    const giveUp = failures >= MAX_FAILURES;
    await (giveUp
      ? this.jobs.fail(job.id, lease, `The import failed on our side ${failures} times; it has been logged. Try again later.`)
      : this.jobs.release(job.id, lease, Math.min(2 ** failures * 1000, 60_000), true)
    ).catch((cause: unknown) => this.logger.warn({ ...log, err: cause }, 'Could not record the failed attempt; the lease will expire'));
    if (giveUp) await this.removeFile(job);
  }

  private async removeFile(job: ImportJobEntity): Promise<void> {
    // JetStream's TTL removes it anyway; this frees the space now.
    if (!job.objectName) return;
    await this.files.delete(job.objectName).catch((error: unknown) => this.logger.warn({ importId: job.id, err: error }, 'Could not remove an imported file'));
  }
}
