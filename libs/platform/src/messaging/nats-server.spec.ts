import { ServerNats } from '@nestjs/microservices';
import { describe, expect, it } from 'vitest';
import { FilonNatsServer } from './nats-server.js';

/** Nest's own server, its protected route lookup opened for the comparison. */
class NestNatsServer extends ServerNats {
  route(pattern: string): string {
    return this.getRouteFromPattern(pattern);
  }
}

describe('FilonNatsServer', () => {
  const options = { servers: ['nats://127.0.0.1:4222'] };

  it('finds the same route as Nest for plain subjects and for JSON patterns', () => {
    const ours = new FilonNatsServer(options);
    const nest = new NestNatsServer(options);
    for (const pattern of ['companies.v1.company.get', 'ping', '{"cmd":"sum"}', '{ "b": 2, "a": 1 }']) {
      expect(ours.getRouteFromPattern(pattern)).toBe(nest.route(pattern));
    }
  });

  it('computes each subject once, without the JSON.parse that throws for plain subjects', () => {
    const server = new FilonNatsServer(options);
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = (...args: Parameters<typeof JSON.parse>) => {
      parses++;
      return parse(...args);
    };
    try {
      for (let i = 0; i < 100; i++) expect(server.getRouteFromPattern('companies.v1.company.get')).toBe('companies.v1.company.get');
    } finally {
      JSON.parse = parse;
    }
    expect(parses).toBe(1);
  });
});
