// The editor in its light and dark themes, for docs/: the default network, laid out, its
// second Dense layer selected in the inspector with the He initializer.
// Usage: npx vite build && node scripts/editor-screenshots.mjs
/* global document -- in functions that run in the page */
import { resolve } from 'node:path';
import { openEditor, settle } from './lib/editor-page.mjs';

const DOCS = resolve(import.meta.dirname, '../docs');

const { page, close } = await openEditor();
try {
  const testId = (id) => page.getByTestId(id);
  await testId('start-close').click();
  await testId('auto-layout').click();
  await settle(page);
  await page.locator('.react-flow__node[data-id="dense2"]').click();
  await testId('param-init').selectOption('he-normal');
  await page.waitForFunction(() => document.querySelector('[data-testid="param-note-init"]')?.textContent?.startsWith('He'));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(DOCS, 'editor-light.png') });
  await testId('toggle-theme').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await page.screenshot({ path: resolve(DOCS, 'editor-dark.png') });
  console.log('Wrote docs/editor-light.png and docs/editor-dark.png');
} finally {
  await close();
}
