import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * True when `error` is PostgreSQL's unique violation, optionally on the named constraint: through
 * TypeORM (QueryFailedError), or straight from the driver (a preparedQuery).
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (!(cause instanceof Error)) return false;
  const { code, constraint: violated } = cause as PgError;
  return code === '23505' && (constraint === undefined || violated === constraint);
}

/** SQLSTATEs meaning the server is going away or not taking connections: class 08, shutdown, start-up, too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
/** "database is not accepting connections" (ALLOW_CONNECTIONS false) is 55000, a class also used by unrelated query errors. */
const NOT_ACCEPTING_CONNECTIONS = /not (currently )?accepting connections/i;
/** Node's socket errors, and node-postgres's own messages for a connection lost or never made (pool timeout). */
const UNAVAILABLE_NODE_CODE = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

/**
 * True when `error` says the database cannot be reached now (a restart, a failover, a full pool),
 * not that the query was wrong: the caller answers 503 with Retry-After instead of 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (!(cause instanceof Error)) return false;
  const { code } = cause as PgError;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODE.test(code))) return true;
  if (code === '55000' && NOT_ACCEPTING_CONNECTIONS.test(cause.message)) return true;
  if (UNAVAILABLE_MESSAGE.test(cause.message)) return true;
  return cause instanceof AggregateError && cause.errors.some((inner) => isDatabaseUnavailable(inner));
}
