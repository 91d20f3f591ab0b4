import { CommonProblem } from '@app/contracts';
import { uniqueSuffix } from '@app/testing';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganization, type Member, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

// Small values so that delays and locks run out within a test: free failures 1-2, then waits of
// 2 s (3rd failure) and 4 s (4th), then a 6 s lock (5th on); an address spraying from 4 accounts.
const THROTTLE_ENV = {
  LOGIN_FAILURES_BEFORE_DELAY: '3',
  LOGIN_DELAY_SECONDS: '2',
  LOGIN_FAILURES_BEFORE_LOCK: '5',
  LOGIN_LOCK_SECONDS: '6',
  LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS: '4',
  LOGIN_WINDOW_SECONDS: '120',
  // Client addresses come from X-Forwarded-For, as behind an ingress: each test plays its own offices.
  TRUSTED_PROXIES: 'loopback',
};

const WRONG = 'not-the-password';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A documentation address (RFC 5737) of its own for each caller. */
let lastOctet = 0;
const newAddress = (): string => `203.0.113.${++lastOctet}`;

function expectStatus(response: Response, status: number): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
}

/** Asserts a 429 problem and returns its Retry-After in seconds. */
function expectTooMany(response: Response): number {
  expectStatus(response, 429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: CommonProblem.TooManyRequests, status: 429, title: expect.any(String) });
  expect(response.body).not.toHaveProperty('accessToken');
  expect(response.headers['retry-after']).toMatch(/^\d+$/);
  return Number(response.headers['retry-after']);
}

describe('login throttling per account and against password spraying', () => {
  let system: TestSystem;
  let org: TestOrganization;

  const loginFrom = (address: string, email: string, password: string) =>
    system.http.post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });
  const newMember = (): Promise<Member> => addMember(system, org.id, org.manager.token, 'volunteer');

  beforeAll(async () => {
    system = await TestSystem.start({ services: [], env: THROTTLE_ENV });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  describe('one account', () => {
    it('should make the account wait longer after each failure, then lock it, and let the right password in once the lock ends', async () => {
      const member = await newMember();
      const address = newAddress();
      expectStatus(await loginFrom(address, member.email, WRONG), 401);
      expectStatus(await loginFrom(address, member.email, WRONG), 401);
      expectStatus(await loginFrom(address, member.email, WRONG), 401);

      // 3rd failure: 2 s, during which even the right password waits.
      const firstWait = expectTooMany(await loginFrom(address, member.email, PASSWORD));
      expect(firstWait).toBeGreaterThanOrEqual(1);
      expect(firstWait).toBeLessThanOrEqual(2);
      await sleep(firstWait * 1000 + 50);

      // 4th failure: 4 s; asked from another address, the account waits all the same.
      expectStatus(await loginFrom(address, member.email, WRONG), 401);
      const secondWait = expectTooMany(await loginFrom(newAddress(), member.email, PASSWORD));
      expect(secondWait).toBeGreaterThan(2);
      expect(secondWait).toBeLessThanOrEqual(4);
      await sleep(secondWait * 1000 + 50);

      // 5th failure: the 6 s lock.
      expectStatus(await loginFrom(address, member.email, WRONG), 401);
      const lock = expectTooMany(await loginFrom(address, member.email, WRONG));
      expect(lock).toBeGreaterThan(4);
      expect(lock).toBeLessThanOrEqual(6);
      await sleep(lock * 1000 + 50);

      expectStatus(await loginFrom(address, member.email, PASSWORD), 200);
      // The success cleared the account: a new mistake costs no wait.
      expectStatus(await loginFrom(address, member.email, WRONG), 401);
      expectStatus(await loginFrom(address, member.email, PASSWORD), 200);
    });

    it('should answer an unknown email exactly as an existing account, failure after failure', async () => {
      const member = await newMember();
      const unknown = `nobody.${uniqueSuffix()}@example.test`;
      const address = newAddress();
      for (let attempt = 0; attempt < 3; attempt++) {
        const [known, stranger] = [await loginFrom(address, member.email, WRONG), await loginFrom(address, unknown, WRONG)];
        expectStatus(known, 401);
        expectStatus(stranger, 401);
        expect(stranger.body.detail).toBe(known.body.detail);
      }
      const [known, stranger] = [await loginFrom(address, member.email, WRONG), await loginFrom(address, unknown, WRONG)];
      // The same 2 s wait for both (a loaded machine may round one of them down to 1).
      for (const answer of [known, stranger]) expect([1, 2]).toContain(expectTooMany(answer));
      const comparable = ({ requestId: _id, detail: _detail, retryAfterSeconds: _seconds, ...rest }: Record<string, unknown>) => rest;
      expect(comparable(stranger.body)).toEqual(comparable(known.body));
    });

    it('should let exactly the free failures and one more through when many wrong guesses for one account arrive at once', async () => {
      const member = await newMember();
      const address = newAddress();
      const answers = await Promise.all(Array.from({ length: 12 }, () => loginFrom(address, member.email, WRONG)));
      const statuses = answers.map((answer) => answer.status).sort();
      // Two free failures, then one attempt at a time: the third holds the account while it is verified.
      expect(statuses).toEqual([401, 401, 401, ...Array<number>(9).fill(429)]);
    });
  });

  describe('shared office', () => {
    it('should let colleagues behind the same address log in, even after their own mistypes, while one of them is delayed', async () => {
      const office = newAddress();
      const [clumsy, careful, hurried] = [await newMember(), await newMember(), await newMember()];
      for (let attempt = 0; attempt < 3; attempt++) expectStatus(await loginFrom(office, clumsy.email, WRONG), 401);
      const delayedUntil = Date.now() + expectTooMany(await loginFrom(office, clumsy.email, PASSWORD)) * 1000;

      expectStatus(await loginFrom(office, careful.email, PASSWORD), 200);
      expectStatus(await loginFrom(office, hurried.email, WRONG), 401);
      expectStatus(await loginFrom(office, hurried.email, `${WRONG}-again`), 401);
      expectStatus(await loginFrom(office, hurried.email, PASSWORD), 200);

      // The colleagues' logins did not clear the clumsy one's count: the next failure waits twice as long.
      await sleep(Math.max(0, delayedUntil - Date.now()) + 50);
      expectStatus(await loginFrom(office, clumsy.email, WRONG), 401);
      expect(expectTooMany(await loginFrom(office, clumsy.email, PASSWORD))).toBeGreaterThan(2);
    });
  });

  describe('password spraying', () => {
    it('should refuse further guesses from an address that failed on many accounts, yet let an untouched account log in from it', async () => {
      const sprayer = newAddress();
      const [sprayed, untouched, alsoUntouched] = [await newMember(), await newMember(), await newMember()];
      // One guess each on four distinct accounts, existing or not: the threshold.
      const targets = [sprayed.email, ...Array.from({ length: 3 }, () => `target.${uniqueSuffix()}@example.test`)];
      for (const email of targets) expectStatus(await loginFrom(sprayer, email, 'Summer2026!'), 401);

      // Further wrong guesses from there: 429, on a fresh email as on an existing account.
      const retryAfter = expectTooMany(await loginFrom(sprayer, `target.${uniqueSuffix()}@example.test`, 'Summer2026!'));
      expect(retryAfter).toBeGreaterThan(60);
      expect(retryAfter).toBeLessThanOrEqual(120);
      expectTooMany(await loginFrom(sprayer, alsoUntouched.email, 'Summer2026!'));
      // ... and that account, guessed once from there, cannot be tried again from there even with its password.
      expectTooMany(await loginFrom(sprayer, alsoUntouched.email, PASSWORD));

      // The right password of an account with no recent failure still logs in from the spraying address.
      expectStatus(await loginFrom(sprayer, untouched.email, PASSWORD), 200);
      // A sprayed account cannot log in from there, but its owner can from elsewhere.
      expectTooMany(await loginFrom(sprayer, sprayed.email, PASSWORD));
      expectStatus(await loginFrom(newAddress(), sprayed.email, PASSWORD), 200);
      // Another address is unaffected: a wrong guess there is an ordinary 401.
      expectStatus(await loginFrom(newAddress(), `someone.${uniqueSuffix()}@example.test`, WRONG), 401);
    });

    it('should not count one account failing many times as spraying', async () => {
      const address = newAddress();
      const [forgetful, colleague] = [await newMember(), await newMember()];
      for (let attempt = 0; attempt < 3; attempt++) expectStatus(await loginFrom(address, forgetful.email, WRONG), 401);
      // Forgetful waits, but wrong guesses on other accounts from that address still answer 401.
      expectTooMany(await loginFrom(address, forgetful.email, WRONG));
      expectStatus(await loginFrom(address, colleague.email, WRONG), 401);
      expectStatus(await loginFrom(address, colleague.email, PASSWORD), 200);
    });
  });

  describe('client addresses', () => {
    it('should ignore X-Forwarded-For from a peer that is not a trusted proxy, so that a sprayer cannot pick a new address for each guess', async () => {
      await system.stopGateway();
      await system.startGateway({ TRUSTED_PROXIES: '' });
      const targets = Array.from({ length: 4 }, () => `target.${uniqueSuffix()}@example.test`);
      for (const email of targets) expectStatus(await loginFrom(newAddress(), email, 'Autumn2026!'), 401);
      expectTooMany(await loginFrom(newAddress(), `target.${uniqueSuffix()}@example.test`, 'Autumn2026!'));
    });
  });
});
