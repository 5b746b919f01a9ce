import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: Debian's `chromium` (CI installs it when missing), driven
 * with playwright-core, which never downloads a browser of its own. Where no Chromium is installed the
 * tests marked `[browser]` are skipped, as `[postgres]` tests are without TEST_DATABASE_URL, so that
 * `npm test` still passes on a machine with only Node.js and npm.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const browserAvailable = existsSync(CHROMIUM_PATH);

/** Screenshots of the browser tests land here (never committed: see .gitignore). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

// The machine's network is closed: without the background-networking flags Chromium keeps dialling
// Google's hosts and its connections are refused, many at a time.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser extends AsyncDisposable {
  context: BrowserContext;
  /** Saves a full-page screenshot of `page` as `<name>.png` under SCREENSHOT_DIR; returns its path. */
  screenshotPath(name: string): string;
  close(): Promise<void>;
}

/** Starts Chromium with a new, empty profile; `await using browser = await launchBrowser()` closes it and deletes the profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const close = async (): Promise<void> => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return {
    context,
    screenshotPath(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      return join(SCREENSHOT_DIR, `${name}.png`);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
