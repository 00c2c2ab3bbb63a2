import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, headless Chromium: no first-run UI, no background calls home, no QUIC. */
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Starts Debian's Chromium with a fresh, throw-away profile, so no test sees another's cookies or storage.
 * Shared by every browser suite; close() also deletes the profile directory.
 */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<LaunchedBrowser> {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'gcontacts-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The little of the DOM the helpers below touch: the tests are type-checked without the DOM's types. */
interface PageElement {
  ownerDocument: { defaultView: { getComputedStyle(el: PageElement): { backgroundColor: string } } | null };
  setAttribute(name: string, value: string): void;
}

/** The background colour the browser computed for the element, as `rgb(r, g, b)`. */
export function backgroundColor(locator: Locator): Promise<string> {
  return locator.evaluate((el: PageElement) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
}

/** Sets an attribute on every element the locator matches, as a tampering user would in the developer tools. */
export async function setAttributeOfAll(locator: Locator, name: string, value: string): Promise<void> {
  await locator.evaluateAll((els: PageElement[], [n, v]) => els.forEach((el) => el.setAttribute(n, v)), [name, value] as const);
}
