import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayEnv } from './gateway.env.js';

/**
 * The signing key: JWT_SECRET when set; in development a key generated once into the state folder,
 * so tokens survive restarts without anybody choosing a secret. Production must set it.
 */
export function resolveJwtSecret(env: GatewayEnv): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  if (env.NODE_ENV === 'production') throw new Error('Invalid environment: JWT_SECRET: required in production (32+ characters)');
  const file = join(env.FILON_STATE_DIR, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(env.FILON_STATE_DIR, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      // Another process wrote it first: use theirs.
    }
    return readFileSync(file, 'utf8').trim();
  }
}
