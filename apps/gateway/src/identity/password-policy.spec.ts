import { loadEnv } from '@app/platform';
import * as argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { GatewayEnv } from '../config/gateway.env.js';
import { PasswordHasher, PasswordPolicy } from './password-policy.js';

const policy = new PasswordPolicy();
const email = 'claire.martin@club-emploi-dunkerque.fr';

describe('PasswordPolicy', () => {
  it.each(['aaaaaaaaaaaa', '123456789012', 'password1234', ' '.repeat(12), 'azertyuiop12', 'motdepasse12'])('refuses the guessable %j', (password) => {
    expect(policy.weakness(password, email)).toMatch(/^is too easy to guess\./);
  });

  it('refuses a password shorter than 12 or longer than 256 characters', () => {
    expect(policy.weakness('Xq7#pL9!vR2', email)).toBe('must be 12 to 256 characters long');
    expect(policy.weakness('x'.repeat(257), email)).toBe('must be 12 to 256 characters long');
  });

  it("refuses the person's own email, or its local part, inside the password", () => {
    expect(policy.weakness(`${email}`, email)).toBe('must not contain your email address');
    expect(policy.weakness('Claire.Martin-2026!', email)).toBe('must not contain your email address');
  });

  it('accepts an unguessable phrase, and the demo password', () => {
    expect(policy.weakness('quatre chevaux rouges sous la pluie', email)).toBeNull();
    expect(policy.weakness('filon-demo-2026', email)).toBeNull();
  });

  it('answers a 400 naming the field, with the reason', () => {
    let thrown: unknown;
    try {
      policy.assertStrong('password1234', email, 'newPassword');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ problem: { status: 400, errors: [{ field: 'newPassword', message: expect.stringMatching(/too easy to guess/) }] } });
  });
});

describe('PasswordHasher', () => {
  const phrase = 'quatre chevaux rouges sous la pluie';
  /** The cost a PHC string records: "m=…,p=…,t=…". */
  const costOf = (hash: string) => hash.split('$')[3];

  it("should hash with argon2id at production's cost, the argon2 package's defaults, when the environment sets none", async () => {
    const hasher = new PasswordHasher(loadEnv(GatewayEnv, {}));
    const hash = await hasher.hash(phrase);
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(costOf(hash)).toBe('m=65536,p=4,t=3');
    expect(costOf(hash)).toBe(costOf(await argon2.hash(phrase)));
    expect(hasher.belowProductionCost).toBe(false);
    expect(await hasher.verify(hash, phrase)).toBe(true);
    expect(await hasher.verify(hash, `${phrase}!`)).toBe(false);
  });

  it('should hash at the lower cost the tests set, say so, and still verify a hash made at production cost', async () => {
    const hasher = new PasswordHasher(loadEnv(GatewayEnv, { PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' }));
    expect(costOf(await hasher.hash(phrase))).toBe('m=1024,p=4,t=1');
    expect(hasher.belowProductionCost).toBe(true);
    expect(await hasher.verify(await argon2.hash(phrase, { type: argon2.argon2id }), phrase)).toBe(true);
  });

  it('should answer false, never throw, for an unknown account (no hash) or a stored value that is no hash', async () => {
    const hasher = new PasswordHasher(loadEnv(GatewayEnv, { PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' }));
    expect(await hasher.verify(undefined, phrase)).toBe(false);
    // Not even the phrase behind the hash it checks instead, so that the answer takes as long.
    expect(await hasher.verify(undefined, 'filon-timing-equaliser')).toBe(false);
    expect(await hasher.verify('no password: token signed by the test', phrase)).toBe(false);
  });

  it('should refuse a memory cost below 1 MiB or no pass at all', () => {
    expect(() => loadEnv(GatewayEnv, { PASSWORD_HASH_MEMORY_KIB: '512' })).toThrow(/PASSWORD_HASH_MEMORY_KIB/);
    expect(() => loadEnv(GatewayEnv, { PASSWORD_HASH_PASSES: '0' })).toThrow(/PASSWORD_HASH_PASSES/);
  });
});
