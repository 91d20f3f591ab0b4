import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { bearer, createOrganization, PASSWORD, type TestOrganization } from './fixtures.js';
import { type SystemOptions, TestSystem } from './system.js';

/** Debian's Chromium (`npm test` installs it when missing): playwright-core ships no browser. */
const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/** A phone: the smallest screen the web app must work on. */
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
/** An old laptop's screen. */
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false } as const;

/** The gateway of a TestSystem listening on a real port, for a browser. */
export async function listen(system: TestSystem): Promise<string> {
  const gateway = system.gateway!;
  await gateway.listen(0, '127.0.0.1');
  const address = gateway.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

export async function launchBrowser(): Promise<Browser> {
  // Root in a container has no user namespace for Chromium's sandbox.
  return chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export function newContext(browser: Browser, baseURL: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris', ...PHONE, ...options });
}

/**
 * axe-core on the page as it stands: no serious or critical violation of WCAG 2.1 A/AA. axe runs
 * through the DevTools protocol, so the app's strict Content-Security-Policy stays on.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const page = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const results = await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return results.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5) }));
  });
  const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(blocking, `${screen}: ${JSON.stringify(blocking, null, 2)}`).toEqual([]);
}

/** A full-page screenshot kept as a test artefact (test-results/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The screen a browser context emulates. */
export type Device = typeof PHONE | typeof DESKTOP;

/** What every browser test file shares, ready once its `beforeAll` has run. */
export interface WebTest {
  /** The file's own system (gateway listening on a real port). */
  readonly system: TestSystem;
  /** An organisation with a manager and a volunteer, made for the file. */
  readonly org: TestOrganization;
  /** Where the gateway listens, the web app at `/`. */
  readonly baseUrl: string;
  /** The page of the last `openPage` or `logIn`. */
  readonly page: Page;
  /** A fresh browser context on `device` (the session lives in the tab's sessionStorage) and its page. */
  openPage(device?: Device): Promise<Page>;
  /** Fills the login form the page shows and sends it. */
  submitLogin(email: string, password?: string): Promise<void>;
  /** A fresh page at `hash` (the login screen keeps the route), logged in, or at the step the login leads to. */
  logIn(email: string, options?: { password?: string; hash?: string; device?: Device }): Promise<void>;
  /** A GET of the API (`/api/v1` + `path`) that must answer 200: its body. */
  get<T>(path: string, token?: string): Promise<T>;
}

/**
 * Set-up of a browser test file, its hooks registered in the `describe` that calls it: the file's own
 * system booted (`options`, as TestSystem.start takes them), an organisation, Chromium and the gateway
 * on a port before the file's tests (and before its own `beforeAll`, which runs after); all closed after.
 */
export function webTest(options: SystemOptions = {}): WebTest {
  let system: TestSystem | undefined;
  let org: TestOrganization | undefined;
  let browser: Browser | undefined;
  let baseUrl: string | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is set up in beforeAll (or by openPage/logIn for the page)`);
    return value;
  };

  beforeAll(async () => {
    system = await TestSystem.start(options);
    [org, browser] = await Promise.all([createOrganization(system), launchBrowser()]);
    baseUrl = await listen(system);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  }, 120_000);

  const web: WebTest = {
    get system() {
      return ready(system, 'system');
    },
    get org() {
      return ready(org, 'org');
    },
    get baseUrl() {
      return ready(baseUrl, 'baseUrl');
    },
    get page() {
      return ready(page, 'page');
    },
    async openPage(device = DESKTOP) {
      await context?.close();
      context = await newContext(ready(browser, 'browser'), web.baseUrl, device);
      page = await context.newPage();
      return page;
    },
    async submitLogin(email, password = PASSWORD) {
      await web.page.getByLabel('Adresse e-mail').fill(email);
      await web.page.getByLabel('Mot de passe').fill(password);
      await web.page.getByRole('button', { name: 'Se connecter' }).click();
    },
    async logIn(email, { password, hash = '', device } = {}) {
      await (await web.openPage(device)).goto(`/${hash}`);
      await web.submitLogin(email, password);
    },
    async get<T>(path: string, token = web.org.manager.token): Promise<T> {
      const response = await web.system.http.get(`/api/v1${path}`).set(bearer(token));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as T;
    },
  };
  return web;
}
