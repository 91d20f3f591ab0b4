import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestSystem } from './system.js';

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
