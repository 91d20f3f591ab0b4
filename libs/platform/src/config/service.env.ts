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

  /** Milliseconds a request to another service may take before the caller gives up. */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  /** Interface the HTTP listener binds to (0.0.0.0 in containers). */
  @IsString()
  HOST = '127.0.0.1';

  /** `production` refuses development shortcuts (generated secrets, default passwords). */
  @IsOptional() @IsString()
  NODE_ENV?: string;
}

/** A domain service: PlatformEnv plus the port of its operations endpoints (health, metrics). */
export class ServiceEnv extends PlatformEnv {
  /** HTTP port for /health/live, /health/ready and /metrics; 0 picks a free port, unset = none. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  OPS_PORT?: number;
}
