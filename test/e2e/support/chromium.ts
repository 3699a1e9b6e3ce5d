/**
 * @module Debian's Chromium for the end-to-end tests: where it is, whether a suite skips, and
 * how it starts on these machines (as root, no GPU, and no background traffic to the closed
 * network).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
