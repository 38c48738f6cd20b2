// The instruments for docs/: three initializers of the 30-layer ReLU preset compared in columns
// (and the whole window) and overlaid, each view on its own, the canvas with its sparklines and
// gradient-coloured wires, the BatchNorm inspector (preset H), and one Train run of the default
// network with its 2-D data plane.
// Usage: npx vite build && node scripts/instruments-screenshots.mjs
/* global document */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDocument, openEditor } from './lib/editor-page.mjs';

const DOCS = resolve(import.meta.dirname, '../docs');
const preset = (file) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../presets', file), 'utf8'));

const { page, close } = await openEditor({ width: 1600, height: 1100 });
const testId = (id) => page.getByTestId(id);
const shot = async (locator, name) => {
  await locator.screenshot({ path: resolve(DOCS, `instruments-${name}.png`) });
  console.log(`docs/instruments-${name}.png`);
};
const finished = (count) =>
  page.waitForFunction((expected) => document.querySelectorAll('[data-testid="run-chip"][data-status="finished"]').length === expected, count, { polling: 250, timeout: 300_000 });

try {
  await testId('start-close').click();

  const relu = preset('j-relu-30.netoscope');
  await openDocument(page, { ...relu, training: { ...relu.training, steps: 600 } });
  await testId('workspace-instruments').click();
  await testId('compare').click();
  await testId('compare-axis').selectOption('initializer');
  for (const kind of ['he-normal', 'xavier-normal', 'normal']) await testId(`compare-initializer-${kind}`).check();
  await shot(testId('compare-setup'), 'compare-setup');
  await testId('compare-start').click();
  await finished(3);
  await testId('compare-node').selectOption('act15');
  await page.waitForTimeout(400);
  await page.mouse.move(0, 0);
  await shot(testId('compare-view'), 'compare-columns');
  await page.screenshot({ path: resolve(DOCS, 'instruments-window.png') });
  console.log('docs/instruments-window.png');

  const column = page.locator('[data-testid="compare-column"]').first();
  const view = (prefix) => column.locator(`[data-testid^="${prefix}-"]`).first();
  for (const name of ['loss', 'accuracy', 'histogram', 'weights', 'depth', 'health', 'theory']) await shot(view(name), name);
  const bands = view('bands');
  await bands.scrollIntoViewIfNeeded();
  const body = await bands.locator('.instrument__body').boundingBox();
  await page.mouse.move(body.x + body.width * 0.7, body.y + body.height / 2);
  await testId('band-readout').waitFor();
  await shot(bands, 'bands');
  await page.mouse.move(0, 0);
  await page.locator('.compare').evaluate((element) => element.scrollTo(0, 0));

  await testId('compare-layout-overlay').click();
  await testId('compare-overlay').waitFor();
  await page.waitForTimeout(400);
  await shot(testId('compare-view'), 'compare-overlay');
  await testId('compare-layout-columns').click();

  // The canvas stands for the first visible run: with He and N(0, 0.01) hidden, Xavier, whose
  // gradient fades on its way down (thin grey wires near the input, thick warm ones near the
  // output), with a sparkline of each node's output on its card.
  const hideButtons = page.locator('[data-testid="run-hide"]');
  for (const index of [0, 2]) await hideButtons.nth(index).click();
  await testId('workspace-editor').click();
  await page.locator('.react-flow__controls-fitview').click();
  await page.locator('.react-flow__controls-zoomin').click();
  await page.locator('.react-flow__controls-zoomin').click();
  await page.waitForTimeout(800);
  await shot(testId('canvas'), 'canvas');
  await testId('workspace-instruments').click();
  for (const index of [0, 2]) await hideButtons.nth(index).click();

  const batchnorm = preset('h-batchnorm.netoscope');
  await testId('workspace-editor').click();
  await openDocument(page, { ...batchnorm, training: { ...batchnorm.training, steps: 400 } });
  await testId('workspace-instruments').click();
  await testId('compare').click();
  await testId('compare-axis').selectOption('document');
  await testId('compare-start').click();
  await finished(2);
  await page.waitForTimeout(400);
  const batchnormColumn = page.locator('[data-testid="compare-column"]').first();
  await shot(batchnormColumn.locator('[data-testid^="batchnorm-"]').first(), 'batchnorm');
  await shot(batchnormColumn.locator('[data-testid^="batchnorm-"][data-testid$="-units"]').first(), 'batchnorm-units');
  await shot(batchnormColumn.locator('[data-testid^="batchnorm-"][data-testid$="-variance"]').first(), 'batchnorm-variance');

  // The built-in two-spirals network, trained: one run, whose plane shows under the data.
  await testId('workspace-editor').click();
  await testId('open-start').click();
  await testId('preset-built-in').click();
  await testId('train').click();
  await testId('workspace-instruments').click();
  await finished(1);
  const boundary = page.locator('[data-testid^="boundary-"]').first();
  await boundary.scrollIntoViewIfNeeded();
  await shot(boundary, 'boundary');
  await page.locator('.compare').evaluate((element) => element.scrollTo(0, 0));
  await shot(testId('instruments-panel'), 'single-run');
} finally {
  await close();
}
