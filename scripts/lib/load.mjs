// The load the benchmarks send and how its latencies are summed up: autocannon's closed loop, and
// a fixed number of runs at a fixed concurrency. Used by scripts/bench*.mjs (after prepareBenchmark,
// which makes sure autocannon is installed).
import { performance } from 'node:perf_hooks';

/**
 * A closed loop with autocannon (`options` as autocannon takes them): each connection sends its next request when
 * the last one answered. `track` receives the running instance (to stop it on Ctrl-C), then undefined.
 */
export async function closedLoop(options, track = () => {}) {
  const { default: autocannon } = await import('autocannon');
  return new Promise((resolve, reject) => {
    track(
      autocannon(options, (error, result) => {
        track(undefined);
        if (error) reject(error);
        else resolve(result);
      }),
    );
  });
}

/** An autocannon result as the results files show it (`seconds`: the pass's planned duration). */
export const summariseClosed = (result, seconds) => ({
  requestsPerSecond: Math.round(result.requests.total / (result.duration || seconds)),
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
});

/** Runs `run` `total` times with `concurrency` in flight, returns each run's duration in ms. */
export async function timed(total, concurrency, run) {
  const latencies = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const began = performance.now();
        await run();
        latencies.push(performance.now() - began);
      }
    }),
  );
  return latencies;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** Count, p50, p95, p99, max and mean of latencies in ms. */
export function summarise(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1), mean: sorted.reduce((s, v) => s + v, 0) / sorted.length };
}
