import { Scheduler } from '@app/platform';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { QueueRepository } from './queue.repository.js';

const REAPER_JOB = 'claim-reaper';
/**
 * How often expired leases go back to the queue: a lease lasts 15 minutes, so this bounds how much
 * longer an abandoned target stays out of the queue (the claim never hands out a `claimed` row).
 */
export const REAPER_INTERVAL_MS = 30_000;
/** Leases returned per statement: a pass never holds many row locks for long; a full batch asks for another pass at once. */
export const REAPER_BATCH_SIZE = 500;

/** Returns expired claims to the queue, on the process's one scheduler (replicas share the work through SKIP LOCKED). */
@Injectable()
export class ClaimReaper implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly repository: QueueRepository,
    private readonly scheduler: Scheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.start(REAPER_JOB, {
      run: async () => (await this.reapBatch()) >= REAPER_BATCH_SIZE,
      intervalMs: REAPER_INTERVAL_MS,
      failureMessage: 'Could not return expired claims to the queue; will try again',
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop(REAPER_JOB);
  }

  /** One batch: how many expired leases went back to the queue. */
  reapBatch(): Promise<number> {
    return this.repository.reapExpired(REAPER_BATCH_SIZE);
  }
}
