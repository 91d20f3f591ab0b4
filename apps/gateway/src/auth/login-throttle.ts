import { CommonProblem } from '@app/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env.js';
import { HttpProblem } from '../problem/http-problem.js';

/**
 * Counts failed logins per email and per client address in PostgreSQL (shared by every gateway
 * replica); past the limit, login answers 429 with Retry-After until the window ends. A success
 * clears the email's count.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  private byEmail!: RateLimiterPostgres;
  private byAddress!: RateLimiterPostgres;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
  ) {}

  onModuleInit(): void {
    // TypeORM's pg Pool: rate-limiter-flexible recognises it by its constructor name.
    const pool = (this.dataSource.driver as unknown as { master: unknown }).master;
    const common = { storeClient: pool, schemaName: 'identity', tableName: 'login_failure', tableCreated: true, duration: this.env.LOGIN_WINDOW_SECONDS };
    this.byEmail = new RateLimiterPostgres({ ...common, keyPrefix: 'email', points: this.env.LOGIN_MAX_FAILURES_PER_EMAIL });
    this.byAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: this.env.LOGIN_MAX_FAILURES_PER_ADDRESS });
  }

  /** Throws 429 when this email or this address has failed too often recently. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [emailState, addressState] = await Promise.all([this.byEmail.get(email), this.byAddress.get(address)]);
    const blocked = [
      [emailState, this.env.LOGIN_MAX_FAILURES_PER_EMAIL],
      [addressState, this.env.LOGIN_MAX_FAILURES_PER_ADDRESS],
    ].filter(([state, limit]) => state !== null && (state as RateLimiterRes).consumedPoints >= (limit as number));
    if (blocked.length === 0) return;
    const waitMs = Math.max(...blocked.map(([state]) => (state as RateLimiterRes).msBeforeNext));
    throw tooManyAttempts(waitMs);
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await Promise.all([this.byEmail.penalty(email, 1), this.byAddress.penalty(address, 1)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byEmail.delete(email);
  }
}

function tooManyAttempts(waitMs: number): HttpProblem {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpProblem({
    type: CommonProblem.TooManyRequests,
    title: 'Too many failed logins',
    status: 429,
    detail: `Too many failed logins. Try again in ${retryAfterSeconds} seconds.`,
    retryAfterSeconds,
  });
}
