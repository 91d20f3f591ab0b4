import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Variables every filon process reads. Each service and the gateway extend it. */
export class PlatformEnv {
  /** PostgreSQL URL. Each process only touches its own schema in this database. */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://root@127.0.0.1:5432/filon';

  /** PostgreSQL connections this process may hold at once (its pool). */
  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  DATABASE_POOL_SIZE = 10;

  /** NATS server(s) with JetStream, comma-separated. */
  @Matches(/^(nats|tls):\/\/[^,]+(,(nats|tls):\/\/[^,]+)*$/, { message: 'must be nats:// URL(s), comma-separated' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** pino log level. */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Replicas of the FILON_EVENTS stream when this process creates it (3 in a 3-node NATS cluster). */
  @Type(() => Number) @IsInt() @Min(1) @Max(5)
  FILON_EVENTS_REPLICAS = 1;

  /** How long the FILON_EVENTS stream keeps an event (its `max_age`); changed on an existing stream at start. */
  @Type(() => Number) @IsInt() @Min(60) @Max(365 * 86_400)
  EVENTS_MAX_AGE_SECONDS = 7 * 86_400;

  /** Published outbox rows are deleted this long after publication. */
  @Type(() => Number) @IsInt() @Min(0)
  RETENTION_PUBLISHED_EVENTS_SECONDS = 86_400;

  /** Applied-event ids are kept this much longer than the stream keeps events, so that a redelivery still finds them. */
  @Type(() => Number) @IsInt() @Min(0)
  RETENTION_INBOX_MARGIN_SECONDS = 86_400;

  /** Idempotency-Key records (a retry within this delay gets the first answer; erased ones answer 410). */
  @Type(() => Number) @IsInt() @Min(60)
  RETENTION_IDEMPOTENCY_KEYS_SECONDS = 86_400;

  /** Parked events (a version or shape a consumer could not read) are kept this long for someone to replay them. */
  @Type(() => Number) @IsInt() @Min(0)
  RETENTION_PARKED_EVENTS_SECONDS = 30 * 86_400;

  /** The pruning runs this often, deleting at most PRUNE_BATCH_SIZE rows of each kind per pass (another pass follows at once when a batch was full). */
  @Type(() => Number) @IsInt() @Min(1)
  PRUNE_INTERVAL_SECONDS = 3_600;

  @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  PRUNE_BATCH_SIZE = 1_000;

  /** Milliseconds a request to another service may take before the caller gives up. */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  /** Interface the HTTP listener binds to (0.0.0.0 in containers). */
  @IsString()
  HOST = '127.0.0.1';

  /** `production` refuses development shortcuts: a JWT_SECRET generated on the fly (the gateway then needs one set). */
  @IsOptional() @IsString()
  NODE_ENV?: string;
}

/** A domain service: PlatformEnv plus the port of its operations endpoints (health, metrics). */
export class ServiceEnv extends PlatformEnv {
  /** HTTP port for /health/live, /health/ready and /metrics; 0 picks a free port, unset = none. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  OPS_PORT?: number;

  /** companies: a finished or failed import's file leaves the object store this long after the import ended. */
  @Type(() => Number) @IsInt() @Min(0)
  RETENTION_IMPORT_FILES_SECONDS = 3_600;
}
