import { type Locator, type Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEditor } from './chromium';

/**
 * The views that ask the training worker (probes): the decision boundary of a 2-D dataset and
 * one example through the network. Short runs: the machine may have a single training core.
 */
const SPIRAL_STEPS = 600;
const LETTER_STEPS = 60;

const editor = useEditor({ width: 1600, height: 1000 });
let page: Page;

beforeEach(() => {
  page = editor.page;
});

const testId = (id: string) => page.getByTestId(id);
/** A view asks again at most every few hundred milliseconds, one probe at a time. */
const PROBED = { timeout: 10_000, interval: 100 };

/** Opens a preset from the start screen, sets its steps, trains it and shows the instruments. */
async function train(preset: string, steps: number): Promise<void> {
  await testId(`preset-${preset}`).click();
  await expect.poll(() => testId('start-screen').count()).toBe(0);
  // With nothing selected the inspector shows the training settings.
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await testId('param-steps').fill(String(steps));
  await testId('train').click();
  await testId('workspace-instruments').click();
}

/** How many different colours a canvas holds. */
const distinctColours = (canvas: Locator): Promise<number> =>
  canvas.evaluate((element) => {
    const target = element as HTMLCanvasElement;
    const { data } = target.getContext('2d')!.getImageData(0, 0, target.width, target.height);
    const colours = new Set<number>();
    for (let pixel = 0; pixel < data.length; pixel += 4) colours.add((data[pixel] << 16) | (data[pixel + 1] << 8) | data[pixel + 2]);
    return colours.size;
  });

describe('instruments that probe the model', () => {
  it('draws the live decision boundary of the two spirals under the data', async () => {
    await train('built-in', SPIRAL_STEPS);
    const canvas = page.locator('[data-testid^="boundary-"] canvas');
    // Views ask the worker only while on screen.
    await canvas.scrollIntoViewIfNeeded();
    // A grid arrives while the run trains, and a last one once it has finished.
    await expect.poll(() => canvas.getAttribute('data-grid-step'), { timeout: 60_000, interval: 250 }).not.toBe('');
    await expect.poll(() => page.locator('[data-testid="run-chip"][data-status="finished"]').count(), { timeout: 120_000, interval: 500 }).toBe(1);
    await expect.poll(() => canvas.getAttribute('data-grid-step'), { timeout: 30_000, interval: 250 }).toBe(String(SPIRAL_STEPS));
    // A heat map of two classes under the points: far more than the points' two colours and the white outline.
    expect(await distinctColours(canvas)).toBeGreaterThan(100);
    await expect.poll(() => page.locator('[data-testid^="boundary-"] .instrument__title').textContent()).toContain(`step ${SPIRAL_STEPS}`);
  }, 200_000);

  it('shows one example through every layer, with the first layer’s weights, and follows the picker', async () => {
    await train('c-flat-grey.netoscope', LETTER_STEPS);
    const view = page.locator('[data-testid="sample-run-1"]');
    const layers = view.locator('[data-testid="sample-run-1-layers"] canvas');
    const title = () => view.locator('.instrument__title').textContent();
    await view.scrollIntoViewIfNeeded();
    // The input and the output of each of the network's 11 layers.
    const nodeIds = ['input', ...[1, 2, 3, 4, 5].flatMap((layer) => [`dense${layer}`, `act${layer}`]), 'logits'];
    await expect.poll(() => layers.count(), { timeout: 60_000, interval: 250 }).toBe(nodeIds.length);
    expect(await layers.evaluateAll((canvases) => canvases.map((canvas) => canvas.getAttribute('data-node-id')))).toEqual(nodeIds);
    // The letter, 29 × 29.
    const input = layers.first();
    expect(await input.evaluate((canvas) => [(canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height])).toEqual([29, 29]);
    expect(await distinctColours(input)).toBeGreaterThan(2);
    // 64 of the first layer's 100 units, each drawn as a 29 × 29 image.
    await expect.poll(() => view.locator('[data-testid="sample-run-1-features"] canvas').count()).toBe(64);

    await expect.poll(title, PROBED).toMatch(/^Test example 0 \(label \d+\)/);
    await testId('sample-run-1-split').selectOption('train');
    await testId('sample-run-1-index').fill('5');
    await expect.poll(title, PROBED).toMatch(/^Training example 5 \(label \d+\)/);
    await testId('sample-run-1-next').click();
    await expect.poll(title, PROBED).toMatch(/^Training example 6 /);
    // An index past the split: the worker says why, and the last picture stays.
    await testId('sample-run-1-index').fill('99999');
    await expect.poll(() => view.locator('.instrument__note').textContent(), PROBED).toMatch(/index must be a whole number from 0 to \d+/);
    expect(await title()).toMatch(/^Training example 6 /);
  }, 200_000);
});
