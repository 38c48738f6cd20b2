/* global document, getComputedStyle, requestAnimationFrame -- in functions that run in the page */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * Serves the built renderer (out/renderer, from `npx vite build`) and opens it in Debian's
 * Chromium, the way the e2e tests do. Returns the page and a function that closes everything.
 */
export async function openEditor({ width = 1440, height = 900 } = {}) {
  if (!existsSync(resolve(ROOT, 'out/renderer/index.html'))) throw new Error('out/renderer does not exist: run `npx vite build` first.');
  const server = await preview({ configFile: resolve(ROOT, 'vite.config.ts'), logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  await page.goto(`http://127.0.0.1:${server.httpServer.address().port}/`);
  await page.getByTestId('start-screen').waitFor();
  return {
    page,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The document the editor shows, as Save writes it: a base for generated documents that always
 * has the current format version and settings.
 */
export async function currentDocument(page) {
  const download = page.waitForEvent('download');
  await page.getByTestId('save-document').click();
  return JSON.parse(readFileSync(await (await download).path(), 'utf8'));
}

/** Opens a document through the Open button's file picker, as a user would. */
export async function openDocument(page, netDocument) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-document').click();
  await (await chooser).setFiles({ name: `${netDocument.name}.netoscope`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(netDocument)) });
  await page.waitForFunction((count) => document.querySelectorAll('.react-flow__node').length === count, netDocument.graph.nodes.length);
}

/** Waits until the canvas's view has not moved for ten frames (a fit or zoom animation ended). */
export async function settle(page) {
  await page.waitForFunction(
    () =>
      new Promise((resolve) => {
        const read = () => getComputedStyle(document.querySelector('.react-flow__viewport')).transform;
        const first = read();
        let frames = 0;
        const check = () => {
          if (read() !== first) return resolve(false);
          if (++frames === 10) return resolve(true);
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    undefined,
    { polling: 100 },
  );
}
