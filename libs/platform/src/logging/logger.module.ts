import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
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
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      messageKey: 'msg',
      // Service processes have no HTTP request to bind to; the message handler's context names the request.
      mixin: http ? undefined : () => {
        const context = requestContext.getStore();
        return context ? { requestId: context.requestId, subject: context.subject } : {};
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'], remove: true },
      ...http,
    },
  });
}
