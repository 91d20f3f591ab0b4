import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { requestContext } from './request-context.js';

export interface LoggingOptions {
  /** `gateway`, `companies`, …: the `service` field of every line. */
  service: string;
  level: string;
  /** Extra pino-http options (the gateway's request id and serializers). */
  http?: Options;
}

/**
 * Structured JSON logs (pino) for every process. In services, lines written while a message is
 * handled carry its `requestId` (from the RPC interceptor); in the gateway, pino-http binds it.
 */
export function loggingModule({ service, level, http }: LoggingOptions): DynamicModule {
  const options: Options = {
      level,
      base: { service },
      messageKey: 'msg',
      // Service processes have no HTTP request to bind to; the message handler's context names the request.
      // Services log their own lines; their probes and scrapes need no access log.
      autoLogging: http ? undefined : false,
      mixin: http ? undefined : () => {
        const context = requestContext.getStore();
        return context ? { requestId: context.requestId, subject: context.subject } : {};
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'], remove: true },
      ...http,
  };
  return LoggerModule.forRoot({ pinoHttp: logDestination ? [options, logDestination] : options });
}

let logDestination: DestinationStream | undefined;

/** Sends the logs of apps created from now on to `destination` (tests read them); undefined = stdout. */
export function useLogDestination(destination: DestinationStream | undefined): void {
  logDestination = destination;
}
