// An open-loop load generator: requests leave on a fixed schedule (one every 1/rate s) whether or
// not earlier ones have answered, and each latency runs from the request's SCHEDULED time to the
// end of its response. A slow answer therefore delays nothing and hides nothing (no coordinated
// omission): requests that wait for a free socket, or for a late timer tick, count that wait.
// Node's http client with a keep-alive pool (undici is not installed here). Plain Node, no deps.
//
//   node bench/open-loop.mjs <url> [rate=1000] [seconds=15]      (prints the summary as JSON)
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Sends `rate` requests/s for `durationMs`; `path(i)` gives each request's path (default: the URL's).
 * For other requests than a GET, `request(i)` gives `{method, path, headers, body}` instead (its headers
 * are added to `headers`; a body is sent as JSON), `ok(status)` says which answers are not errors
 * (default: 200 only), and `onResponse(i, status, body)` receives each answer's parsed JSON body.
 * Returns the latency percentiles in ms, the errors and the achieved rate. `signal.aborted` (checked every tick) stops the run.
 */
export async function openLoop({ url, rate = 1000, durationMs = 15_000, connections = 200, headers = {}, path, request: describe, ok = (status) => status === 200, onResponse, timeoutMs = 10_000, signal }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const latencies = new Float64Array(total);
  const statuses = new Map();
  let done = 0;
  let errors = 0;
  let sent = 0;
  let maxLag = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));

  const complete = (index, scheduled, failed, status) => {
    latencies[index] = performance.now() - scheduled;
    if (failed) errors++;
    if (status !== undefined) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (++done === total) finish();
  };

  const fire = (index, scheduled) => {
    const described = describe?.(index) ?? { method: 'GET', path: path ? path(index) : target.pathname + target.search };
    send(agent, target, { ...described, headers: { ...headers, ...described.headers } }, { timeoutMs, readBody: onResponse !== undefined }).then(({ status, body }) => {
      complete(index, scheduled, status === undefined || !ok(status), status);
      onResponse?.(index, status, body);
    });
  };

  const start = performance.now();
  // A 1 ms timer sends every request whose time has come; a late tick sends the backlog at once,
  // and their latencies include the delay (the schedule, not the send, is the reference).
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const scheduled = start + sent * interval;
        maxLag = Math.max(maxLag, now - scheduled);
        fire(sent, scheduled);
        sent++;
      }
      if (signal?.aborted) {
        // Stopped from outside (Ctrl-C): drop what is in flight.
        agent.destroy();
        finish();
        resolve();
      } else if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, start + sent * interval - performance.now())));
      else resolve();
    };
    tick();
  });
  await finished;
  const elapsed = performance.now() - start;
  agent.destroy();

  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (ms) => Math.round(ms * 100) / 100;
  return {
    rate,
    requests: total,
    errors,
    statuses: Object.fromEntries(statuses),
    durationS: round(elapsed / 1000),
    achievedRate: Math.round(total / (elapsed / 1000)),
    maxSendLagMs: round(maxLag),
    latencyMs: {
      p50: round(at(0.5)),
      p90: round(at(0.9)),
      p99: round(at(0.99)),
      p999: round(at(0.999)),
      max: round(sorted[sorted.length - 1]),
      mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    },
  };
}

/**
 * One request (`{method, path, headers, body}`; a body is sent as JSON) to `target` (a URL) through `agent`.
 * Resolves `{status, body}` (the parsed JSON body when `readBody`), status undefined when it failed; never rejects.
 */
export function send(agent, target, { method, path, headers = {}, body }, { timeoutMs = 10_000, readBody = false } = {}) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status, answer) => {
      if (settled) return;
      settled = true;
      resolve({ status, body: answer });
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks = [];
        if (readBody) response.on('data', (chunk) => chunks.push(chunk));
        else response.resume();
        response.on('end', () => settle(response.statusCode, readBody ? parseJson(Buffer.concat(chunks).toString('utf8')) : undefined));
        response.on('error', () => settle(undefined));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => settle(undefined));
    request.end(payload);
  });
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, rate = '1000', seconds = '15'] = process.argv.slice(2);
  if (!url) {
    console.error('usage: node bench/open-loop.mjs <url> [rate=1000] [seconds=15]');
    process.exit(2);
  }
  console.log(JSON.stringify(await openLoop({ url, rate: Number(rate), durationMs: Number(seconds) * 1000 }), null, 2));
}
