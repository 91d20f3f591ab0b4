import { CommonProblem } from '@app/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env.js';
import { HttpProblem } from '../problem/http-problem.js';

/** The settings that shape the per-account schedule (see the README, "How logins are throttled"). */
export type AccountPolicy = Pick<GatewayEnv, 'LOGIN_FAILURES_BEFORE_DELAY' | 'LOGIN_DELAY_SECONDS' | 'LOGIN_FAILURES_BEFORE_LOCK' | 'LOGIN_LOCK_SECONDS'>;

/**
 * Seconds an account must wait after its n-th consecutive failure: none at first, then a delay
 * that doubles with each further failure, then the lock (never more than the lock).
 */
export function waitAfterFailure(failures: number, policy: AccountPolicy): number {
  if (failures >= policy.LOGIN_FAILURES_BEFORE_LOCK) return policy.LOGIN_LOCK_SECONDS;
  if (failures < policy.LOGIN_FAILURES_BEFORE_DELAY) return 0;
  return Math.min(policy.LOGIN_DELAY_SECONDS * 2 ** (failures - policy.LOGIN_FAILURES_BEFORE_DELAY), policy.LOGIN_LOCK_SECONDS);
}

/** One login attempt between LoginThrottle.begin and LoginThrottle.settle. */
export interface LoginAttempt {
  readonly account: string;
  readonly address: string;
  /** Consecutive failures of this account before this attempt. */
  readonly failuresBefore: number;
  /** Whether this attempt holds the account's gate (it may end in a delay). */
  readonly holdsGate: boolean;
}

// Counters are never refused by rate-limiter-flexible itself: LoginThrottle reads them and decides.
const UNLIMITED = 1_000_000;
// How long an attempt may hold its account's gate while the password is verified (a crashed request frees it then).
const GATE_HOLD_SECONDS = 30;

/**
 * Throttles logins per account and, against password spraying, per client address; the state lives
 * in PostgreSQL (rate-limiter-flexible, table identity.login_failure), shared by every gateway replica.
 *
 * Per account: each attempt counts as a failure until it succeeds (counted before the password is
 * verified, so parallel guesses cannot slip past). After LOGIN_FAILURES_BEFORE_DELAY consecutive
 * failures the account waits a delay doubling with each failure, then LOGIN_LOCK_SECONDS from
 * LOGIN_FAILURES_BEFORE_LOCK on; meanwhile every attempt answers 429 with Retry-After, right
 * password or not, and past the free failures attempts go one at a time (the account's gate).
 * A success clears the account. The key is a hash of the email, so unknown emails behave alike.
 *
 * Per address: an address whose failures span LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS distinct accounts in
 * the window is spraying; from then on (for a window, extended while it goes on) its wrong guesses
 * answer 429, and so does a right password of an account with recent failures, while the right
 * password of an account without failures still logs in: colleagues behind one office address are
 * never shut out by someone else's mistakes.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  /** Consecutive failed attempts per account. */
  private failures!: RateLimiterPostgres;
  /** One attempt at a time per account once it may end in a delay; then that delay or lock. */
  private gates!: RateLimiterPostgres;
  /** Marks each (address, account) pair that failed, so that an address counts distinct accounts. */
  private pairs!: RateLimiterPostgres;
  /** Distinct accounts that failed from each address. */
  private addresses!: RateLimiterPostgres;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
  ) {}

  onModuleInit(): void {
    // TypeORM's pg Pool: rate-limiter-flexible recognises it by its constructor name.
    const pool = (this.dataSource.driver as unknown as { master: unknown }).master;
    // One limiter on the table sweeps its expired rows (every 5 minutes); the others share that sweep.
    const table = { storeClient: pool, schemaName: 'identity', tableName: 'login_failure', tableCreated: true, clearExpiredByTimeout: false };
    const window = this.env.LOGIN_WINDOW_SECONDS;
    this.failures = new RateLimiterPostgres({ ...table, clearExpiredByTimeout: true, keyPrefix: 'account', points: UNLIMITED, duration: window });
    this.gates = new RateLimiterPostgres({ ...table, keyPrefix: 'gate', points: 1, duration: GATE_HOLD_SECONDS });
    this.pairs = new RateLimiterPostgres({ ...table, keyPrefix: 'pair', points: UNLIMITED, duration: window });
    this.addresses = new RateLimiterPostgres({ ...table, keyPrefix: 'address', points: UNLIMITED, duration: window });
  }

  /** Before the password is verified: throws 429 while the account waits out a delay or a lock. */
  async begin(email: string, address: string): Promise<LoginAttempt> {
    const account = accountKey(email);
    const { consumedPoints } = await this.failures.penalty(account, 1);
    const failuresBefore = Math.max(0, consumedPoints - 1);
    const holdsGate = waitAfterFailure(failuresBefore + 1, this.env) > 0;
    if (holdsGate) {
      try {
        await this.gates.consume(account, 1);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        await this.failures.reward(account, 1); // refused before trying: not a failure
        throw tooManyAttempts(rejection.msBeforeNext);
      }
    }
    return { account, address, failuresBefore, holdsGate };
  }

  /**
   * After the password is verified: records the outcome, and throws 429 when the address is
   * spraying and this attempt is not the right password of an account without recent failures.
   */
  async settle(attempt: LoginAttempt, succeeded: boolean): Promise<void> {
    const spraying = await this.sprayingFrom(attempt.address);
    if (succeeded && !(spraying && attempt.failuresBefore > 0)) {
      await Promise.all([this.failures.delete(attempt.account), attempt.holdsGate && this.gates.delete(attempt.account)]);
      return;
    }
    if (succeeded) {
      // Refused for the address's sake, not a failure of the account.
      await Promise.all([this.failures.reward(attempt.account, 1), attempt.holdsGate && this.gates.delete(attempt.account)]);
    } else {
      await this.recordFailure(attempt);
    }
    if (spraying) throw tooManyAttempts(spraying.msBeforeNext);
  }

  private async recordFailure({ account, address, failuresBefore, holdsGate }: LoginAttempt): Promise<void> {
    // The failure itself was counted by begin(); what remains is its wait and the address's tally.
    const wait = waitAfterFailure(failuresBefore + 1, this.env);
    await Promise.all([holdsGate && this.gates.block(account, wait), this.countDistinctAccount(address, account)]);
  }

  private async countDistinctAccount(address: string, account: string): Promise<void> {
    const pair = await this.pairs.penalty(`${address}:${account}`, 1);
    if (pair.consumedPoints !== 1) return; // this account already counts for this address
    const { consumedPoints } = await this.addresses.penalty(address, 1);
    // Spraying: refuse the address for a whole window from now, renewed while it goes on.
    if (consumedPoints >= this.env.LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS) await this.addresses.set(address, consumedPoints, this.env.LOGIN_WINDOW_SECONDS);
  }

  private async sprayingFrom(address: string): Promise<RateLimiterRes | null> {
    const state = await this.addresses.get(address);
    return state && state.consumedPoints >= this.env.LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS ? state : null;
  }
}

// The table keeps no email in clear, and every key has the same length whatever the email.
const accountKey = (email: string): string => createHash('sha256').update(email).digest('hex');

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
