/**
 * @module Debian's Chromium for the end-to-end tests: where it is, whether a suite skips, and
 * how it starts on these machines (as root, no GPU, and no background traffic to the closed
 * network).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestApp, type TestApp, type TestAppOptions } from '../../app/support/test-app.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * True when `suite` should skip: Chromium is missing and this is not CI, where a missing
 * browser must fail instead. Says so loudly.
 *
 * @example describe.skipIf(chromiumMissing('the account flow'))('the account flow in Chromium', …);
 */
export function chromiumMissing(suite: string): boolean {
  const missing = !existsSync(CHROMIUM) && process.env.CI !== 'true';
  if (missing) {
    console.warn(
      `Skipping ${suite} in Chromium: ${CHROMIUM} is missing (npm test installs Debian's chromium as root).`,
    );
  }
  return missing;
}

/**
 * Starts headless Chromium; throws when it is missing (under CI the suites do not skip).
 *
 * @example browser = await launchChromium();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}; npm test installs Debian's chromium as root`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The app and the browser an end-to-end suite drives, and where its screenshots go. */
export interface ChromiumScene {
  readonly app: TestApp;
  readonly browser: Browser;
  /** Screenshots the page as `NN-name.png` into the suite's folder, numbered in visiting order. */
  capture(page: Page, name: string): Promise<void>;
}

/**
 * Empties the suite's screenshot folder under test-artifacts/, starts the app on real time (the
 * browser judges cookie expiry by its own clock) and Chromium.
 *
 * @example ({ app, browser, capture } = await startChromiumScene('e2e', {}));
 */
export async function startChromiumScene(
  folder: string,
  options: Omit<TestAppOptions, 'clock'>,
): Promise<ChromiumScene> {
  const artifacts = join(import.meta.dirname, '..', '..', '..', 'test-artifacts', folder);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const app = await startTestApp({ ...options, clock: false });
  const browser = await launchChromium();
  let shot = 0;
  return {
    app,
    browser,
    async capture(page, name) {
      shot += 1;
      const file = `${String(shot).padStart(2, '0')}-${name}.png`;
      await page.screenshot({ path: join(artifacts, file), fullPage: true });
    },
  };
}
