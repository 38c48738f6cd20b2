// The instruments that probe the model, for docs/: the decision boundary of the built-in
// two-spirals network once trained, and one MNIST digit through the Xavier-tanh preset (I), with
// the first layer's learned features.
// Usage: npx vite build && node scripts/probe-screenshots.mjs
/* global document */
import { resolve } from 'node:path';
import { openEditor } from './lib/editor-page.mjs';

const DOCS = resolve(import.meta.dirname, '../docs');

const { page, close } = await openEditor({ width: 1280, height: 1000 });
const testId = (id) => page.getByTestId(id);
const shot = async (locator, name) => {
  await locator.screenshot({ path: resolve(DOCS, `instruments-${name}.png`) });
  console.log(`docs/instruments-${name}.png`);
};
const finished = () =>
  page.waitForFunction(() => document.querySelector('[data-testid="run-chip"]')?.dataset.status === 'finished', null, { polling: 250, timeout: 600_000 });

try {
  // The built-in network at its 3000 steps: the last grid is of the trained model.
  await testId('preset-built-in').click();
  await testId('train').click();
  await testId('workspace-instruments').click();
  const boundary = page.locator('[data-testid^="boundary-"]').first();
  await boundary.scrollIntoViewIfNeeded();
  await finished();
  await page.waitForFunction(() => document.querySelector('[data-testid^="boundary-"] canvas')?.dataset.gridStep === '3000', null, { polling: 100, timeout: 30_000 });
  await shot(boundary, 'decision-boundary');

  // A test digit through preset I after its 1000 steps.
  await testId('workspace-editor').click();
  await testId('open-start').click();
  await testId('preset-i-xavier-tanh.netoscope').click();
  await testId('train').click();
  await testId('workspace-instruments').click();
  const sample = page.locator('[data-testid="sample-run-2"]');
  await sample.scrollIntoViewIfNeeded();
  // The view asks again as the run trains; its last answer is of the trained model.
  await page.waitForFunction(() => document.querySelector('[data-testid="sample-run-2"] .sample')?.dataset.step === '1000', null, { polling: 250, timeout: 600_000 });
  await shot(sample, 'sample');
} finally {
  await close();
}
