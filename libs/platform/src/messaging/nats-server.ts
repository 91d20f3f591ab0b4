import { type NatsOptions, ServerNats } from '@nestjs/microservices';

/**
 * Nest's NATS server, finding a message's handler without an exception per message. Nest first
 * tries `JSON.parse` on every subject (patterns may be objects); our subjects are plain strings, so
 * that threw and was caught on every request: 3 % of a service's CPU on the hot read
 * (bench/RESULTS.md). Subjects are few and fixed, so each one's route is computed once.
 */
export class FilonNatsServer extends ServerNats {
  private readonly routes = new Map<string, string>();

  constructor(options: NonNullable<NatsOptions['options']>) {
    super(options);
  }

  override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      this.routes.set(pattern, route);
    }
    return route;
  }
}
