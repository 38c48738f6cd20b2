import { readFileSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEditor } from './chromium';


/**
 * Fewer steps than the preset's 1000: the three runs may take turns on a machine with one
 * training core. Measured every 50 steps (the preset's setting); frames go out at most every
 * 50 ms with the latest measurement, so a column holds most of the four and always the last.
 */
const TRAINING_STEPS = 200;
const MEASURE_EVERY = 50;

const editor = useEditor({ width: 1600, height: 1000 });
let page: Page;

beforeEach(() => {
  page = editor.page;
});

const testId = (id: string) => page.getByTestId(id);
const columns = () => page.locator('[data-testid="compare-column"]');
const measurementsPerColumn = () => columns().evaluateAll((elements) => elements.map((element) => Number((element as HTMLElement).dataset.measurements)));
const finishedRuns = () => page.locator('[data-testid="run-chip"][data-status="finished"]').count();

describe('instruments', () => {
  it('compares three initializers on the Xavier-versus-He preset, reads a percentile band and exports it as CSV', async () => {
    await testId('preset-j-relu-30.netoscope').click();
    await expect.poll(() => testId('start-screen').count()).toBe(0);
    // With nothing selected the inspector shows the training settings.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await testId('param-steps').fill(String(TRAINING_STEPS));

    await testId('workspace-instruments').click();
    await testId('compare').click();
    await testId('compare-axis').selectOption('initializer');
    for (const kind of ['he-normal', 'xavier-normal', 'normal']) await testId(`compare-initializer-${kind}`).check();
    await expect.poll(() => testId('compare-start').textContent()).toBe('Train 3 runs');
    await testId('compare-start').click();

    await expect.poll(() => columns().count()).toBe(3);
    expect(await columns().locator('.compare__column-title').allTextContents()).toEqual(['he-normal', 'xavier-normal', 'normal(0, 0.01)']);
    // The columns fill as the runs train: each gets measurements, the first while the others wait or train.
    await expect.poll(async () => (await measurementsPerColumn())[0], { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
    await expect.poll(finishedRuns, { timeout: 150_000, interval: 500 }).toBe(3);
    for (const measurements of await measurementsPerColumn()) expect(measurements).toBeGreaterThanOrEqual(2);

    // Hover the He column's percentile bands: the readout gives every percentile of the nearest measurement.
    const bands = columns().first().locator('[data-testid^="bands-"]').first();
    const body = await bands.locator('.instrument__body').boundingBox();
    if (!body) throw new Error('The band chart is not visible.');
    await page.mouse.move(body.x + body.width * 0.75, body.y + body.height / 2);
    await expect.poll(() => testId('band-readout').count()).toBe(1);
    const readout = async (rank: number) => Number(await testId(`band-value-${rank}`).getAttribute('data-value'));
    const [minimum, median, maximum] = [await readout(0), await readout(50), await readout(100)];
    expect(minimum).toBeLessThanOrEqual(median);
    expect(median).toBeLessThanOrEqual(maximum);
    expect(Number.isFinite(median)).toBe(true);

    const download = page.waitForEvent('download');
    await bands.locator('[data-testid$="-csv"]').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/\.csv$/);
    const [header, ...rows] = readFileSync(await saved.path(), 'utf8').trim().split('\r\n');
    expect(header).toBe('step,p0,p15,p50,p85,p100');
    const table = rows.map((row) => row.split(',').map(Number));
    const steps = table.map((row) => row[0]);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps[steps.length - 1]).toBe(TRAINING_STEPS);
    for (const [index, step] of steps.entries()) {
      expect(step % MEASURE_EVERY).toBe(0);
      if (index > 0) expect(step).toBeGreaterThan(steps[index - 1]);
    }
    for (const [, ...percentiles] of table) {
      for (let rank = 1; rank < percentiles.length; rank += 1) expect(percentiles[rank]).toBeGreaterThanOrEqual(percentiles[rank - 1]);
    }
    // The hovered measurement is one of the exported rows, to the last digit.
    expect(table.some((row) => row[3] === median && row[1] === minimum && row[5] === maximum)).toBe(true);

    // On the canvas, the first run's measurements: a sparkline on every measured node (all but
    // the Output node), and every wire coloured by the gradient flowing back through it (all but
    // the one from the Input: the data gets no gradient).
    await testId('workspace-editor').click();
    const cards = await page.locator('[data-testid="node-card"]').count();
    const withoutSparkline = () => page.locator('[data-testid="node-card"]:not(:has([data-testid="node-sparkline"]))').evaluateAll((rest) => rest.map((card) => (card as HTMLElement).dataset.nodeId));
    await expect.poll(withoutSparkline, { timeout: 15_000 }).toEqual(['output']);
    const withoutGradient = () => page.locator('[data-testid="edge-path"]:not([data-gradient])').evaluateAll((rest) => rest.map((path) => path.getAttribute('data-source')));
    await expect.poll(withoutGradient, { timeout: 15_000 }).toEqual(['input']);
    const gradients = await page.locator('[data-testid="edge-path"][data-gradient]').evaluateAll((paths) => paths.map((path) => Number(path.getAttribute('data-gradient'))));
    expect(gradients).toHaveLength(cards - 2);
    // A badge names the run they come from, and its measurement.
    expect(await testId('canvas-run').textContent()).toBe(`Sparklines and wire colours: he-normal, step ${TRAINING_STEPS}`);
    expect(gradients.every((magnitude) => magnitude > 0 && Number.isFinite(magnitude))).toBe(true);
  }, 300_000);
});
