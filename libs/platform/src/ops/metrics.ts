import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One registry per process, served at /metrics in Prometheus text format. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Gateway: every HTTP request by route template, method and status. */
export const httpDuration = new Histogram({
  name: 'filon_http_request_duration_seconds',
  help: 'HTTP request latency at the gateway, by route template',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** Gateway and services: NATS request latency as seen by the caller, per subject. */
export const natsRequestDuration = new Histogram({
  name: 'filon_nats_request_duration_seconds',
  help: 'NATS request-reply latency seen by the caller, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** Services: time spent in a message handler, per subject. */
export const rpcDuration = new Histogram({
  name: 'filon_rpc_handler_duration_seconds',
  help: 'Time spent handling a NATS request, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const outboxPublished = new Counter({
  name: 'filon_outbox_events_published_total',
  help: 'Events the outbox relay published to JetStream',
  registers: [metricsRegistry],
});

export const eventsApplied = new Counter({
  name: 'filon_events_applied_total',
  help: 'Events applied by durable consumers, by consumer and result',
  labelNames: ['consumer', 'result'] as const,
  registers: [metricsRegistry],
});

export const prunedRows = new Counter({
  name: 'filon_pruned_total',
  help: 'Rows (and files) deleted by the pruning, by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});
