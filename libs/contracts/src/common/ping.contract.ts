/** Health ping answered by every service on `<service>.v1.ping`; the gateway's readiness probe sends it. */
export class Request {}
export class Response {
  service!: string;
  /** PostgreSQL answered `SELECT 1`. */
  database!: 'up' | 'down';
  /** JetStream is connected (the outbox relay can publish). */
  events!: 'up' | 'down';
}
