import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { withoutPersonalData } from './error-serializer.js';

export interface LoggingOptions {
  /** `gateway`, `companies`, …: the `service` field of every line. */
  service: string;
  level: string;
  /** Extra pino-http options (the gateway's request ids and access log). */
  http?: Options;
}

/**
 * Structured JSON logs (pino through nestjs-pino) for every process. Every line written while a
 * request is handled carries its `requestId`: in the gateway from pino-http, in services from the
 * logging context the NATS transport (FilonNatsServer) opens for each message, fed by the
 * `x-request-id` NATS header.
 *
 * nestjs-pino keeps one root logger per process: when tests run several apps in one process, the
 * first app's `service` and options apply to every line. Each process in production has its own.
 */
export function loggingModule({ service, level, http }: LoggingOptions): DynamicModule {
  const options = pinoHttpOptions({ service, level, http });
  return LoggerModule.forRoot({ pinoHttp: logDestination ? [options, logDestination] : options });
}

/** pino-http's options for a process: its root logger, and in the gateway the access log. */
export function pinoHttpOptions({ service, level, http }: LoggingOptions): Options {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    customAttributeKeys: { reqId: 'requestId' },
    // Bind only the request id to lines logged inside a request, not the whole request.
    quietReqLogger: true,
    // What an access line says of the request: no headers, so no token or cookie can reach a log, and
    // nothing to copy and redact on every request (that was 8 % of the gateway's CPU, bench/RESULTS.md).
    serializers: { req: accessLogRequest, err: withoutPersonalData },
    redact: { paths: ['password', '*.password'], remove: true },
    // Services log their own lines; their probes and scrapes need no access log.
    autoLogging: http ? undefined : false,
    ...http,
  };
}

/** The request as an access log line shows it (pino-http hands over pino-std-serializers' view of it). */
function accessLogRequest(request: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) {
  return { id: request.id, method: request.method, url: request.url, remoteAddress: request.remoteAddress, userAgent: request.headers?.['user-agent'] };
}

let logDestination: DestinationStream | undefined;

/** Sends the logs of apps created from now on to `destination` (tests read them); undefined = stdout. */
export function useLogDestination(destination: DestinationStream | undefined): void {
  logDestination = destination;
}
