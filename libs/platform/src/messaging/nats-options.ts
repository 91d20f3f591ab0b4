import type { NatsConnection } from '@nats-io/transport-node';
import type { CustomStrategy } from '@nestjs/microservices';
import { FilonNatsServer } from './nats-server.js';

/** The NATS server URL list from `NATS_URL` (comma-separated). */
export const natsServers = (url: string): string[] => url.split(',').map((server) => server.trim());

/**
 * Options of a service's NATS listener. The queue group (the service name) makes replicas share
 * requests instead of each running every one (docs/runtime-notes.md, NATS 1).
 */
export function natsServerOptions(url: string, service: string): CustomStrategy & { strategy: FilonNatsServer } {
  return {
    strategy: new FilonNatsServer({
      servers: natsServers(url),
      queue: service,
      name: `${service}-rpc`,
      gracefulShutdown: true,
      // Nest waits this long for in-flight handlers after unsubscribing (default 10 s).
      gracePeriod: 1000,
      maxReconnectAttempts: -1,
    }),
  };
}

/**
 * Whether `connection` is up now. nats.js reconnects forever (maxReconnectAttempts -1), so the
 * connection is never closed while its server is down; only its status events say so.
 */
export function followConnectionStatus(connection: NatsConnection): () => boolean {
  let up = true;
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') up = false;
      else if (status.type === 'reconnect') up = true;
    }
  })();
  return () => up && !connection.isClosed();
}
