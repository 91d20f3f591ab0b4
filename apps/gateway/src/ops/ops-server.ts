import { metricsRegistry } from '@app/platform';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayEnv } from '../config/gateway.env.js';

/**
 * The gateway's operations port (OPS_PORT): GET /metrics for Prometheus, kept off the public API
 * port so that neither the process's internals nor its traffic figures are published. A bare Node
 * server: one route, no auth, reachable only where the deployment lets scrapers in.
 */
@Injectable()
export class GatewayOpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OpsServer');
  private server?: Server;

  constructor(private readonly env: GatewayEnv) {}

  /** The port it listens on (useful with OPS_PORT=0), or undefined when OPS_PORT is unset. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.OPS_PORT === undefined) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?', 1)[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      metricsRegistry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': metricsRegistry.contentType, 'Cache-Control': 'no-store' }).end(text),
        (error: unknown) => {
          this.logger.error({ err: error }, 'Metrics could not be collected');
          response.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.env.OPS_PORT, this.env.HOST, resolve));
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
