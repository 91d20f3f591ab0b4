import { PlatformEnv } from '@app/platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** `true`/`1` or anything else from the environment; read raw, as implicit conversion makes "false" true. */
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? ['true', '1'].includes(raw.trim().toLowerCase()) : raw;
};

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

  /** Lifetime of an access token, in seconds (short: there is no refresh token; log in again). */
  @Type(() => Number) @IsInt() @Min(60) @Max(86_400)
  JWT_TTL_SECONDS = 3600;

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

  /** Failed logins allowed per email, and per client address, in LOGIN_WINDOW_SECONDS before 429. */
  @Type(() => Number) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES_PER_EMAIL = 5;

  @Type(() => Number) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 30;

  @Type(() => Number) @IsInt() @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** Where development-only state lives (the generated JWT secret). */
  @IsString()
  FILON_STATE_DIR = '.filon';

  /** Trust X-Forwarded-For from this many proxies (1 behind an ingress), for the client address. */
  @Type(() => Number) @IsInt() @Min(0) @Max(10)
  TRUST_PROXY_HOPS = 0;

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

  /** Requests per client address to /auth routes (login failures are also throttled per email and address). */
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
}
