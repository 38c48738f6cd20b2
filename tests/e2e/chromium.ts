import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';

/** Debian's Chromium, headless, with the flags that keep it off this machine's closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** The editor of an e2e test: valid inside its tests, fresh for each. */
export interface EditorSession {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Opens the served renderer in `target` (another window of the same context), at its start screen. */
  open(target: Page): Promise<void>;
}

/**
 * Registers what every e2e file needs: one Chromium for the file; per test a new context (own
 * storage and downloads) with the served renderer open at its start screen; and, after each
 * test, the check that no page of it logged an error.
 */
export function useEditor(viewport: { width: number; height: number }): EditorSession {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[] = [];

  const open = async (target: Page): Promise<void> => {
    target.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    target.on('pageerror', (error) => consoleErrors.push(error.message));
    await target.goto(inject('baseURL'));
    await target.getByTestId('start-screen').waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    consoleErrors = [];
    context = await browser.newContext({ viewport, acceptDownloads: true });
    page = await context.newPage();
    await open(page);
  });
  afterEach(async () => {
    await context.close();
    expect(consoleErrors).toEqual([]);
  });

  return {
    get page() {
      return page;
    },
    get context() {
      return context;
    },
    open,
  };
}
