import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.js';

const HOUR_MS = 3_600_000;

/** A job whose passes the test releases one at a time. */
function gatedJob() {
  const passes: { release: () => void }[] = [];
  let running = 0;
  let overlapped = false;
  const run = () =>
    new Promise<void>((resolve) => {
      running += 1;
      if (running > 1) overlapped = true;
      passes.push({ release: () => ((running -= 1), resolve()) });
    });
  return { run, passes, overlapped: () => overlapped };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('Scheduler (one poll-and-wake loop for named jobs)', () => {
  it('should run a pass at start, another when woken, never two at once, and one more after a pass woken during it', async () => {
    const scheduler = new Scheduler();
    const job = gatedJob();
    scheduler.start('job', { run: job.run, intervalMs: HOUR_MS });
    await until(() => job.passes.length === 1);
    // Woken twice while the first pass runs: exactly one more pass follows it, not an overlapping one.
    scheduler.wake('job');
    scheduler.wake('job');
    job.passes[0]!.release();
    await until(() => job.passes.length === 2);
    job.passes[1]!.release();
    scheduler.wake('job');
    await until(() => job.passes.length === 3);
    expect(job.overlapped()).toBe(false);
    const stopped = scheduler.stop('job');
    job.passes[2]!.release();
    await stopped;
    scheduler.wake('job');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(job.passes).toHaveLength(3);
  });

  it('should run again at once while a pass says more work remains, and keep going after a failure', async () => {
    const scheduler = new Scheduler();
    const outcomes: (boolean | Error)[] = [true, true, new Error('database down'), false];
    let passes = 0;
    scheduler.start('job', {
      run: async () => {
        const outcome = outcomes[passes++];
        if (outcome instanceof Error) throw outcome;
        return outcome;
      },
      intervalMs: HOUR_MS,
      retryMs: 1,
    });
    await until(() => passes === 4);
    await scheduler.stop('job');
    expect(passes).toBe(4);
  });

  it('should serve the wakes of a burst with one pass within wakeWithinMs, and wake a pass already due no later', async () => {
    const scheduler = new Scheduler();
    let passes = 0;
    scheduler.start('job', { run: async () => void passes++, intervalMs: HOUR_MS, startAfterMs: HOUR_MS, wakeWithinMs: 30 });
    for (let i = 0; i < 50; i++) scheduler.wake('job');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(passes).toBe(0);
    await until(() => passes === 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(passes).toBe(1);
    await scheduler.stop('job');
  });
});
