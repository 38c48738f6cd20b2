import { spawnSync } from 'node:child_process';
import { type Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEditor } from './chromium';

/**
 * Export to PyTorch in the browser: the inspector's button downloads one ZIP holding the
 * folder, with the weights of the run that trained the network on the canvas.
 */

const editor = useEditor({ width: 1440, height: 900 });
let page: Page;

beforeEach(async () => {
  page = editor.page;
  await page.getByTestId('start-close').click();
});

const testId = (id: string) => page.getByTestId(id);

/** The names of the files in a ZIP, read by Python's zipfile (which checks every CRC). */
function zipNames(path: string): string[] {
  const read = spawnSync('/usr/bin/python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', path], { encoding: 'utf8' });
  expect(read.stderr).toBe('');
  return read.stdout.trim().split('\n');
}

async function exportedNames(): Promise<string[]> {
  const download = page.waitForEvent('download');
  await testId('export-pytorch').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('Two spirals (PyTorch).zip');
  return zipNames(await saved.path());
}

describe('Export to PyTorch', () => {
  it('downloads the scripts and data, and after training the weights too', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await expect.poll(() => testId('export-settings').textContent()).toMatch(/train first to export the weights too/);
    expect(await exportedNames()).toEqual(['model.py', 'train.py', 'train.csv', 'test.csv'].map((name) => `Two spirals (PyTorch)/${name}`));
    await expect.poll(() => testId('notice-text').textContent()).toMatch(/without weights: train the network first/);

    await testId('param-steps').fill('200');
    await testId('train').click();
    await expect.poll(() => testId('run-status').getAttribute('data-status'), { timeout: 60_000, interval: 250 }).toBe('finished');
    await expect.poll(() => testId('export-settings').textContent()).toMatch(/with the weights of the last run/);
    expect(await exportedNames()).toContain('Two spirals (PyTorch)/weights.json');
    await expect.poll(() => testId('notice-text').textContent()).toMatch(/with the weights after step 200\./);
  });
});
