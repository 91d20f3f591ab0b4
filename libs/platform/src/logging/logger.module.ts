import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { withoutPersonalData } from './error-serializer.js';

export interface LoggingOptions {
  /** `gateway`, `companies`, …: the `service` field of every line. */
  service: string;
  level: string;
  /**
   * The gateway: its requests' logging contexts and access lines come from registerRequestLogging
   * (Fastify hooks), not from nestjs-pino's pino-http middleware.
   */
  http?: boolean;
}

/**
 * Structured JSON logs (pino through nestjs-pino) for every process. Every line written while a
 * request is handled carries its `requestId`: in the gateway from the logging context its Fastify hook
 * opens for each request (registerRequestLogging), in services from the
 * logging context the NATS transport (FilonNatsServer) opens for each message, fed by the
 * `x-request-id` NATS header.
 *
 * nestjs-pino keeps one root logger per process: when tests run several apps in one process, the
 * first app's `service` and options apply to every line. Each process in production has its own.
 */
export function loggingModule({ service, level, http }: LoggingOptions): DynamicModule {
  const options = pinoHttpOptions({ service, level, http });
  return LoggerModule.forRoot({
    pinoHttp: logDestination ? [options, logDestination] : options,
    // Mounted on no route in the gateway: registerRequestLogging does its work for less (see there).
    ...(http ? { forRoutes: [] } : {}),
  });
}

/** pino-http's options for a process: its root logger (nestjs-pino builds it through pino-http). */
export function pinoHttpOptions({ service, level }: LoggingOptions): Options {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    customAttributeKeys: { reqId: 'requestId' },
    // Bind only the request id to lines logged inside a request, not the whole request.
    quietReqLogger: true,
    // A request is never logged whole: no headers, so no token or cookie can reach a log, and nothing to
    // copy and redact on every request (that was 8 % of the gateway's CPU, bench/RESULTS.md).
    serializers: { req: accessLogRequest, err: withoutPersonalData },
    redact: { paths: ['password', '*.password'], remove: true },
    // Services' probes and scrapes need no access line; the gateway writes its own (registerRequestLogging).
    autoLogging: false,
  };
}

/** A request as a line shows it: never its headers. */
function accessLogRequest(request: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) {
  return { id: request.id, method: request.method, url: request.url, remoteAddress: request.remoteAddress, userAgent: request.headers?.['user-agent'] };
}

let logDestination: DestinationStream | undefined;

/** Sends the logs of apps created from now on to `destination` (tests read them); undefined = stdout. */
export function useLogDestination(destination: DestinationStream | undefined): void {
  logDestination = destination;
}
