import type { FieldError } from '@app/contracts';
import { ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { translations } from '@zxcvbn-ts/language-en';
import * as french from '@zxcvbn-ts/language-fr';
import { GatewayEnv, PRODUCTION_PASSWORD_HASH } from '../config/gateway.env.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's 0–4 scale: 3 means "safely unguessable" (about 10^8 guesses or more). */
export const PASSWORD_MIN_SCORE = 3;
export const PASSWORD_LENGTH_RULE = `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`;

/**
 * Refuses guessable passwords: zxcvbn with the common (leaked passwords, keyboard patterns) and French
 * dictionaries, and never a password holding the person's email or a part of it. The dictionaries are
 * loaded once, when the gateway starts (they weigh several megabytes). Levenshtein matching stays off:
 * it multiplied the cost of one check by ten (about 170 ms instead of 16 ms) on the event loop.
 * Messages use zxcvbn's English translations, the API's language.
 */
@Injectable()
export class PasswordPolicy {
  private readonly zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...french.dictionary },
    graphs: common.adjacencyGraphs,
    translations,
  });

  /** Why `password` is refused for the account `email`, or null when it is acceptable. */
  weakness(password: string, email: string): string | null {
    return this.rule(password, email)?.message ?? null;
  }

  /** Throws a 400 naming `field` when the password is refused. */
  assertStrong(password: string, email: string, field: string): void {
    const rule = this.rule(password, email);
    if (rule) throw new ValidationFailedError([{ field, ...rule }], `The ${field} ${rule.message}`.replace(/\.?$/, '.'));
  }

  /** The rule `password` breaks (its public code and English message), or null. */
  private rule(password: string, email: string): Omit<FieldError, 'field'> | null {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
      return { code: 'lengthBetween', params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }, message: PASSWORD_LENGTH_RULE };
    }
    const lowered = password.toLowerCase();
    const [local = '', domain = ''] = email.toLowerCase().split('@');
    if (lowered.includes(email.toLowerCase()) || (local.length >= 3 && lowered.includes(local))) {
      return { code: 'passwordContainsEmail', message: 'must not contain your email address' };
    }
    const { score, feedback } = this.zxcvbn.check(password, [email, local, domain, ...local.split(/[._+-]/)]);
    if (score >= PASSWORD_MIN_SCORE) return null;
    const why = [feedback.warning, ...feedback.suggestions].filter(Boolean).join(' ');
    return { code: 'weakPassword', message: `is too easy to guess.${why ? ` ${why}` : ''} A phrase of several unrelated words is long and easy to remember.` };
  }
}

/**
 * The one way identity stores and checks a password: argon2id, its PHC string, at the cost GatewayEnv
 * sets (production's unless the tests lower it). A hash carries its own parameters, so hashes made at
 * another cost still verify.
 */
@Injectable()
export class PasswordHasher {
  private readonly options: { type: typeof argon2.argon2id; memoryCost: number; timeCost: number; parallelism: number };
  /** Verified when the email is unknown, so that the answer takes as long as for a wrong password. */
  private readonly dummyHash: Promise<string>;

  constructor(env: GatewayEnv) {
    this.options = { type: argon2.argon2id, memoryCost: env.PASSWORD_HASH_MEMORY_KIB, timeCost: env.PASSWORD_HASH_PASSES, parallelism: PRODUCTION_PASSWORD_HASH.parallelism };
    this.dummyHash = this.hash('filon-timing-equaliser');
  }

  /** Below production's cost: the tests' setting, never an operator's. */
  get belowProductionCost(): boolean {
    return this.options.memoryCost < PRODUCTION_PASSWORD_HASH.memoryCost || this.options.timeCost < PRODUCTION_PASSWORD_HASH.timeCost;
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  /** Whether `password` matches `hash`; without a hash (unknown account), false after as long a check. */
  async verify(hash: string | undefined, password: string): Promise<boolean> {
    const valid = await argon2.verify(hash ?? (await this.dummyHash), password).catch(() => false);
    return hash !== undefined && valid;
  }
}
