import { PlatformEnv } from '@app/platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** `true`/`1` or anything else from the environment; read raw, as implicit conversion makes "false" true. */
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? ['true', '1'].includes(raw.trim().toLowerCase()) : raw;
};

/** argon2id's cost in production: the argon2 package's defaults (a test holds them). */
export const PRODUCTION_PASSWORD_HASH = { memoryCost: 64 * 1024, timeCost: 3, parallelism: 4 } as const;

/** IMPORT_BODY_LIMIT_BYTES when unset, as the OpenAPI document states it. */
export const DEFAULT_IMPORT_BODY_LIMIT_BYTES = 200 * 1024 * 1024;

export class GatewayEnv extends PlatformEnv {
  /** HTTP port of the public API and web app. */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /**
   * HMAC key signing access tokens (HS256), at least 32 characters. Required in production; in
   * development it is generated once into `.filon/jwt-secret` (git-ignored).
   */
  @IsOptional() @IsString() @Length(32, 512)
  JWT_SECRET?: string;

  /** Lifetime of an access token, in seconds; clients get the next one with their refresh token. */
  @Type(() => Number) @IsInt() @Min(60) @Max(86_400)
  JWT_TTL_SECONDS = 900;

  /** Lifetime of a refresh token, in days (each refresh gives a new one, valid this long again). */
  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /**
   * How long a replica may trust what it cached of a membership when no event reached it, in ms.
   * Removal and role changes must take effect within 5 s (the events make it much sooner).
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(5000)
  MEMBERSHIP_CACHE_TTL_MS = 3000;

  /** The first platform administrator, created at start when no user has this email. */
  @IsOptional() @IsEmail()
  FILON_ADMIN_EMAIL?: string;

  /** Password of the first administrator (10–256 characters). */
  @IsOptional() @IsString() @Length(10, 256)
  FILON_ADMIN_PASSWORD?: string;

  /** Largest request body accepted, in bytes (413 above). Imports have their own limit. */
  @Type(() => Number) @IsInt() @Min(1024)
  BODY_LIMIT_BYTES = 10 * 1024 * 1024;

  /** Largest CSV file accepted by POST /companies/imports, in bytes (413 above); it is streamed, never held in memory. */
  @Type(() => Number) @IsInt() @Min(1024) @Max(2 ** 31 - 1)
  IMPORT_BODY_LIMIT_BYTES = DEFAULT_IMPORT_BODY_LIMIT_BYTES;

  /** Consecutive failed logins of one account answered at once; from the next one on, the account waits. */
  @Type(() => Number) @IsInt() @Min(1)
  LOGIN_FAILURES_BEFORE_DELAY = 5;

  /** The first wait, in seconds; it doubles with each further failure (429 with Retry-After meanwhile). */
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  LOGIN_DELAY_SECONDS = 5;

  /** Consecutive failed logins of one account that lock it for LOGIN_LOCK_SECONDS. */
  @Type(() => Number) @IsInt() @Min(1)
  LOGIN_FAILURES_BEFORE_LOCK = 10;

  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  LOGIN_LOCK_SECONDS = 900;

  /** Distinct accounts failing from one client address in LOGIN_WINDOW_SECONDS that mark it as password spraying. */
  @Type(() => Number) @IsInt() @Min(2)
  LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS = 10;

  /** How long failures are remembered: an account's from its first consecutive failure, an address's from its first. */
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  LOGIN_WINDOW_SECONDS = 900;

  /**
   * argon2id's memory per password hash, in KiB, and its passes over it: production keeps argon2's own
   * defaults (64 MiB, 3 passes, 4 lanes). Only the tests lower them (a hash then takes milliseconds, not a
   * second on a busy machine); the gateway warns at start when they are below production's.
   */
  @Type(() => Number) @IsInt() @Min(1024) @Max(4 * 1024 * 1024)
  PASSWORD_HASH_MEMORY_KIB = PRODUCTION_PASSWORD_HASH.memoryCost;

  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  PASSWORD_HASH_PASSES = PRODUCTION_PASSWORD_HASH.timeCost;

  /** Where development-only state lives (the generated JWT secret). */
  @IsString()
  FILON_STATE_DIR = '.filon';

  /**
   * Proxies whose X-Forwarded-For gives the client address (login throttling counts per address):
   * comma-separated IPs, CIDR ranges or `loopback`, `linklocal`, `uniquelocal` (private ranges, as an
   * ingress inside a cluster). Empty: the peer's own address. A hop count cannot be trusted (Fastify
   * refuses it: any client reaching the gateway directly could then choose its address).
   */
  @Matches(/^[\w.:/]*(\s*,\s*[\w.:/]+)*$/, { message: 'must be IPs, CIDR ranges or loopback/linklocal/uniquelocal, comma-separated' })
  TRUSTED_PROXIES = '';

  /** Port of /metrics (Prometheus), kept off the public API port; 0 picks a free port, unset = no metrics endpoint. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  OPS_PORT?: number;

  /** Requests each token may make per RATE_LIMIT_WINDOW_SECONDS to read routes (GET); 429 beyond. */
  @Type(() => Number) @IsInt() @Min(1)
  RATE_LIMIT_READS = 1200;

  /** …to write routes (POST, PATCH, DELETE), imports aside. */
  @Type(() => Number) @IsInt() @Min(1)
  RATE_LIMIT_WRITES = 600;

  /** …to POST /companies/imports (each starts a background import). */
  @Type(() => Number) @IsInt() @Min(1)
  RATE_LIMIT_IMPORTS = 60;

  /** Requests per client address to /auth routes (failed logins are also throttled: LOGIN_*). */
  @Type(() => Number) @IsInt() @Min(1)
  RATE_LIMIT_AUTH = 300;

  /** The window every rate budget above is counted over, in seconds. */
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Browser origins allowed to call the API (CORS), comma-separated (`https://app.example.org`); empty = none. */
  @IsString() @Matches(/^(\s*https?:\/\/[^\s,/]+\s*(,\s*https?:\/\/[^\s,/]+\s*)*)?$/, { message: 'must be http(s)://host[:port] origins, comma-separated' })
  CORS_ORIGINS = '';

  /** Send Strict-Transport-Security: set it when the API is only reached over HTTPS (behind a TLS proxy). */
  @Transform(toBoolean) @IsBoolean()
  HSTS = false;

  /** The built web app (`vite build` of apps/web), served at `/`; relative to the working directory. Absent: the API alone. */
  @IsString()
  WEB_DIR = 'dist/web';
}
