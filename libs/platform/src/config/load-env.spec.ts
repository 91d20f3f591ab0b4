import { describe, expect, it } from 'vitest';
import { InvalidEnvironmentError, loadEnv } from './load-env.js';
import { ServiceEnv } from './service.env.js';

function failureOf(source: Record<string, string | undefined>): InvalidEnvironmentError {
  try {
    loadEnv(ServiceEnv, source);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error;
    throw error;
  }
  throw new Error('loadEnv accepted an invalid environment');
}

describe('loadEnv', () => {
  it('should list every bad variable at once when several are invalid', () => {
    const error = failureOf({
      DATABASE_URL: 'mysql://root@localhost/filon',
      NATS_URL: 'http://127.0.0.1:4222',
      LOG_LEVEL: 'loud',
      NATS_REQUEST_TIMEOUT_MS: '5',
      OPS_PORT: 'seventy',
    });
    const variables = error.problems.map((problem) => problem.split(':')[0]).sort();
    expect(variables).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'NATS_REQUEST_TIMEOUT_MS', 'NATS_URL', 'OPS_PORT']);
    for (const variable of variables) expect(error.message).toContain(variable);
  });

  it('should apply the documented defaults when nothing is set', () => {
    const env = loadEnv(ServiceEnv, {});
    expect(env.DATABASE_URL).toBe('postgres://root@127.0.0.1:5432/filon');
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.NATS_REQUEST_TIMEOUT_MS).toBe(5000);
    expect(env.OPS_PORT).toBeUndefined();
  });

  it('should treat empty strings as unset when a variable is blank', () => {
    const env = loadEnv(ServiceEnv, { DATABASE_URL: '', NATS_URL: '', LOG_LEVEL: '', OPS_PORT: '' });
    expect(env.DATABASE_URL).toBe('postgres://root@127.0.0.1:5432/filon');
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.OPS_PORT).toBeUndefined();
  });

  it('should convert numbers and keep given values when the environment is valid', () => {
    const env = loadEnv(ServiceEnv, {
      DATABASE_URL: 'postgresql://filon@db:5432/crm',
      NATS_URL: 'nats://a:4222,nats://b:4222',
      LOG_LEVEL: 'warn',
      NATS_REQUEST_TIMEOUT_MS: '250',
      OPS_PORT: '0',
    });
    expect(env).toMatchObject({
      DATABASE_URL: 'postgresql://filon@db:5432/crm',
      NATS_URL: 'nats://a:4222,nats://b:4222',
      LOG_LEVEL: 'warn',
      NATS_REQUEST_TIMEOUT_MS: 250,
      OPS_PORT: 0,
    });
  });

  it('should ignore variables it does not know when the process environment has others', () => {
    const env = loadEnv(ServiceEnv, { PATH: '/usr/bin', HOME: '/root' });
    expect(env).not.toHaveProperty('PATH');
    expect(env).not.toHaveProperty('HOME');
  });
});
