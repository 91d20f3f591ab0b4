import { describe, expect, it } from 'vitest';
import { type AccountPolicy, waitAfterFailure } from './login-throttle.js';

const DEFAULTS: AccountPolicy = { LOGIN_FAILURES_BEFORE_DELAY: 5, LOGIN_DELAY_SECONDS: 5, LOGIN_FAILURES_BEFORE_LOCK: 10, LOGIN_LOCK_SECONDS: 900 };

describe('waitAfterFailure', () => {
  it('should ask no wait before the fifth consecutive failure with the default settings', () => {
    expect([1, 2, 3, 4].map((failures) => waitAfterFailure(failures, DEFAULTS))).toEqual([0, 0, 0, 0]);
  });

  it('should double the wait from the fifth failure on, then lock from the tenth with the default settings', () => {
    expect([5, 6, 7, 8, 9, 10, 11, 50].map((failures) => waitAfterFailure(failures, DEFAULTS))).toEqual([5, 10, 20, 40, 80, 900, 900, 900]);
  });

  it('should never ask more than the lock when the doubling outgrows it', () => {
    const policy = { ...DEFAULTS, LOGIN_FAILURES_BEFORE_LOCK: 30, LOGIN_LOCK_SECONDS: 60 };
    expect([5, 6, 7, 8, 9, 29, 30].map((failures) => waitAfterFailure(failures, policy))).toEqual([5, 10, 20, 40, 60, 60, 60]);
  });

  it('should lock at once when the lock comes before any delay', () => {
    const policy = { ...DEFAULTS, LOGIN_FAILURES_BEFORE_DELAY: 5, LOGIN_FAILURES_BEFORE_LOCK: 3 };
    expect([1, 2, 3, 4].map((failures) => waitAfterFailure(failures, policy))).toEqual([0, 0, 900, 900]);
  });
});
