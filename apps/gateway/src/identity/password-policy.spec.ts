import { describe, expect, it } from 'vitest';
import { PasswordPolicy } from './password-policy.js';

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
