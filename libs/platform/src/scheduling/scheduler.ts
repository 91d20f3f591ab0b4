import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

export interface ScheduledJob {
  /** One pass of the job. Resolving `true` means work remains: the next pass starts at once. */
  run: () => Promise<boolean | void>;
  /** Pause between passes when there is nothing left to do (and before the first, see `startAfterMs`). */
  intervalMs: number;
  /** Pause after a failed pass (default: `intervalMs`). */
  retryMs?: number;
  /** Delay before the first pass (default 0: at once). */
  startAfterMs?: number;
  /** The warning logged when a pass fails. */
  failureMessage?: string;
  /**
   * How soon a wake runs a pass (default 0: at once). A few milliseconds let the wakes of a burst share
   * one pass: the outbox relay, woken after every commit, then reads and marks a batch of events where it
   * read and marked them one at a time (four database round trips each) under load.
   */
  wakeWithinMs?: number;
}

interface JobState {
  job: ScheduledJob;
  timer?: NodeJS.Timeout;
  /** When the timer fires (performance.now()). */
  dueAt?: number;
  running?: Promise<void>;
  wakeRequested: boolean;
  stopped: boolean;
}

/**
 * The one poll-and-wake loop of a process: runs named jobs (the outbox relay, the import worker,
 * the pruning) one pass at a time each, every `intervalMs`, and at once when woken (the relay after
 * a commit, the worker after a job was queued). A wake during a pass runs another pass right after
 * it, so nothing woken for waits for the next interval; a pass never overlaps the previous one.
 */
@Injectable()
export class Scheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(Scheduler.name);
  private readonly jobs = new Map<string, JobState>();

  /** Starts `name` (a no-op when it runs already). */
  start(name: string, job: ScheduledJob): void {
    const current = this.jobs.get(name);
    if (current && !current.stopped) return;
    const state: JobState = { job, wakeRequested: false, stopped: false };
    this.jobs.set(name, state);
    this.schedule(name, state, job.startAfterMs ?? 0);
  }

  /** Asks for a pass of `name` now (within its `wakeWithinMs`) rather than at the next interval; nothing happens when it is not running. */
  wake(name: string): void {
    const state = this.jobs.get(name);
    if (state && !state.stopped) this.schedule(name, state, state.job.wakeWithinMs ?? 0, true);
  }

  /** Stops `name` and waits for its pass in flight. */
  async stop(name: string): Promise<void> {
    const state = this.jobs.get(name);
    if (!state) return;
    state.stopped = true;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    await state.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((name) => this.stop(name)));
  }

  private schedule(name: string, state: JobState, delayMs: number, woken = false): void {
    if (state.stopped) return;
    if (state.running) {
      if (woken) state.wakeRequested = true;
      return;
    }
    const dueAt = performance.now() + delayMs;
    // A pass due sooner already serves this wake.
    if (state.timer && state.dueAt !== undefined && state.dueAt <= dueAt) return;
    if (state.timer) clearTimeout(state.timer);
    state.dueAt = dueAt;
    state.timer = setTimeout(() => this.pass(name, state), delayMs);
  }

  private pass(name: string, state: JobState): void {
    state.timer = undefined;
    state.dueAt = undefined;
    state.wakeRequested = false;
    state.running = state.job
      .run()
      .then((more) => (more === true ? 0 : state.wakeRequested ? (state.job.wakeWithinMs ?? 0) : state.job.intervalMs))
      .catch((error: unknown) => {
        this.logger.warn({ err: error, job: name }, state.job.failureMessage ?? 'Scheduled job failed; will try again');
        return state.job.retryMs ?? state.job.intervalMs;
      })
      .then((delay) => {
        state.running = undefined;
        this.schedule(name, state, delay);
      });
  }
}
