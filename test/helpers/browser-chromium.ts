// Launches Debian's Chromium headless through playwright-core, and saves screenshots to test-artifacts/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Where screenshots go (git-ignored); CI keeps it as the run's artifacts. */
export const ARTIFACTS_DIR = 'test-artifacts';

/** The Chromium that `apt-get install chromium` puts here (.ci/run installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Starts a headless Chromium with nothing that reaches the network on its own (updates, sync,
 * QUIC probes), so a run depends only on the server under test. The caller closes it.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a full-page screenshot as test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
