import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
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

/** The centre of an element on the page. */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('The element is not visible.');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** An HTML5 drag of the palette item of `kind` onto the canvas, released at `point` of the page. */
export async function dropFromPalette(page: Page, kind: string, point: { x: number; y: number }): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('The canvas is not visible.');
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: point.x - box.x, y: point.y - box.y } });
}

/** Presses on the output port of the `source` card, moves onto the input port of `target`, runs `whileOver`, and releases. */
export async function dragWire(page: Page, source: Locator, target: Locator, whileOver: () => Promise<void> = async () => undefined): Promise<void> {
  const from = await centreOf(source.locator('.react-flow__handle.source'));
  const to = await centreOf(target.locator('.react-flow__handle.target'));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await whileOver();
  await page.mouse.up();
}
