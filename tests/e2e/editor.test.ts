import { readFileSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { centreOf, dragWire, dropFromPalette, useEditor } from './chromium';


/** The machine is shared and slow: conditions get ten seconds to come true. */
const poll = <T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(read, { timeout: 10_000, interval: 50, ...options });

const editor = useEditor({ width: 1440, height: 900 });
let page: Page;

beforeEach(() => {
  page = editor.page;
});

const testId = (id: string, on: Page = page) => on.getByTestId(id);
const node = (id: string, on: Page = page) => on.locator(`.react-flow__node[data-id="${id}"]`);
const edge = (source: string, target: string) => page.locator(`.react-flow__edge[data-id="e-${source}-${target}"]`);
const nodeCount = (on: Page = page) => on.locator('.react-flow__node').count();

/** A blank document (Input and Output) from the start screen. */
async function startBlank() {
  await testId('start-new').click();
  await poll(() => nodeCount()).toBe(2);
  await poll(() => testId('start-screen').count()).toBe(0);
}

/** Presses on the output port of `source`, moves onto the input port of `target`, runs `whileOver`, and releases. */
const dragWireBetween = (source: string, target: string, whileOver?: () => Promise<void>) => dragWire(page, node(source), node(target), whileOver);

async function connect(source: string, target: string) {
  await dragWireBetween(source, target);
  await poll(() => edge(source, target).count()).toBe(1);
}

/** Input → dense-1 → activation-1 → Output, built with the mouse. */
async function buildChain() {
  await startBlank();
  const input = await centreOf(node('input'));
  const output = await centreOf(node('output'));
  await dropFromPalette(page, 'dense', { x: input.x + (output.x - input.x) / 3, y: input.y });
  await dropFromPalette(page, 'activation', { x: input.x + ((output.x - input.x) * 2) / 3, y: input.y });
  await poll(() => nodeCount()).toBe(4);
  await connect('input', 'dense-1');
  await connect('dense-1', 'activation-1');
  await connect('activation-1', 'output');
}

async function select(...ids: string[]) {
  await node(ids[0]).click();
  for (const id of ids.slice(1)) await node(id).click({ modifiers: ['Shift'] });
  await poll(() => page.locator('.react-flow__node.selected').count()).toBe(ids.length);
}

const positionOf = async (id: string) => (await node(id).boundingBox())!;

describe('the editor', () => {
  it('drops layers from the palette, onto the canvas and into a wire, and shows shapes on cards and wires', async () => {
    await buildChain();
    await poll(() => node('dense-1').getByTestId('node-shape').textContent()).toBe('32×16');
    await poll(() => node('dense-1').getByTestId('node-params').getAttribute('data-value')).toBe(String(2 * 16 + 16));
    await poll(() => edge('dense-1', 'activation-1').textContent()).toBe('32×16');

    // Dropped onto the wire between the Dense and the Activation, a Dropout is inserted there.
    const wire = await centreOf(edge('dense-1', 'activation-1').locator('.react-flow__edge-path'));
    const box = (await testId('canvas').boundingBox())!;
    await testId('palette-dropout').dragTo(testId('canvas'), { targetPosition: { x: wire.x - box.x, y: wire.y - box.y } });
    await poll(() => edge('dense-1', 'dropout-1').count()).toBe(1);
    await poll(() => edge('dropout-1', 'activation-1').count()).toBe(1);
    await poll(() => edge('dense-1', 'activation-1').count()).toBe(0);

    // From the keyboard: A over the canvas opens a search at the pointer.
    const canvas = await centreOf(testId('canvas'));
    await page.mouse.move(canvas.x, canvas.y + 150);
    await page.keyboard.press('a');
    await testId('quick-add-search').fill('batchn');
    await page.keyboard.press('Enter');
    await poll(() => node('batchnorm-1').count()).toBe(1);
  });

  it('refuses an invalid wire while it is dragged and says why', async () => {
    await buildChain();
    await dragWireBetween('activation-1', 'dense-1', async () => {
      await poll(() => testId('connection-refused').textContent()).toMatch(/Cannot connect: Dense takes one input and already has one/);
    });
    await poll(() => testId('connection-refused').count()).toBe(0);
    expect(await edge('activation-1', 'dense-1').count()).toBe(0);
  });

  it('edits a parameter in the inspector, and undoes and redoes the whole edit as one step', async () => {
    await buildChain();
    await node('dense-1').click();
    await testId('param-units').fill('6');
    await testId('param-units').press('4');
    await poll(() => node('dense-1').textContent()).toContain('Dense · 64 units');
    await poll(() => testId('param-note-init').textContent()).toBe('PyTorch default: U(±1/sqrt(2)), std = 1/sqrt(3·2) = 0.408');
    await node('dense-1').click();

    await page.keyboard.press('Control+z');
    await poll(() => node('dense-1').textContent()).toContain('Dense · 16 units');
    await poll(() => testId('param-units').inputValue()).toBe('16');
    await testId('redo').click();
    await poll(() => node('dense-1').textContent()).toContain('Dense · 64 units');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await poll(() => edge('activation-1', 'output').count()).toBe(0);
  });

  it('copies nodes and pastes them into another window', async () => {
    await buildChain();
    await node('dense-1').click();
    await testId('param-units').fill('5');
    await select('dense-1', 'activation-1');
    await page.keyboard.press('Control+c');
    await poll(() => testId('notice-text').textContent()).toBe('Copied 2 nodes.');

    const other = await editor.context.newPage();
    await editor.open(other);
    await testId('start-new', other).click();
    await other.bringToFront();
    const canvas = await centreOf(testId('canvas', other));
    await other.mouse.move(canvas.x, canvas.y);
    await other.keyboard.press('Control+v');
    await poll(() => nodeCount(other)).toBe(4);
    await poll(() => node('dense-1', other).textContent()).toContain('Dense · 5 units');
    await poll(() => other.locator('.react-flow__edge[data-id="e-dense-1-activation-1"]').count()).toBe(1);
  });

  it('repeats a block in sequence, then lays the network out left to right', async () => {
    await buildChain();
    await select('dense-1', 'activation-1');
    await page.keyboard.press('r');
    await testId('repeat-count').fill('2');
    await testId('repeat-apply').click();
    await poll(() => nodeCount()).toBe(8);
    for (const [source, target] of [
      ['activation-1', 'dense-2'],
      ['dense-2', 'activation-2'],
      ['activation-2', 'dense-3'],
      ['activation-3', 'output'],
    ]) {
      await poll(() => edge(source, target).count()).toBe(1);
    }

    // Out of line, then back in line by the layout.
    const title = await centreOf(node('dense-2').locator('.net-node__title'));
    await page.mouse.move(title.x, title.y);
    await page.mouse.down();
    await page.mouse.move(title.x - 300, title.y + 150, { steps: 8 });
    await page.mouse.up();
    await poll(async () => (await positionOf('dense-2')).x < (await positionOf('activation-1')).x).toBe(true);
    await testId('auto-layout').click();
    const chain = ['input', 'dense-1', 'activation-1', 'dense-2', 'activation-2', 'dense-3', 'activation-3', 'output'];
    await poll(async () => {
      const boxes = await Promise.all(chain.map(positionOf));
      return boxes.every((box, index) => index === 0 || box.x > boxes[index - 1].x + boxes[index - 1].width);
    }).toBe(true);
  });

  it('saves, then opens the same document back', async () => {
    await buildChain();
    await testId('document-name').fill('Saved net');
    await poll(() => testId('dirty-marker').getAttribute('data-dirty')).toBe('true');
    const download = page.waitForEvent('download');
    await testId('save-document').click();
    const text = readFileSync(await (await download).path(), 'utf8');
    await poll(() => testId('dirty-marker').getAttribute('data-dirty')).toBe('false');

    await testId('new-document').click();
    await poll(() => nodeCount()).toBe(2);
    const chooser = page.waitForEvent('filechooser');
    await testId('open-document').click();
    await (await chooser).setFiles({ name: 'Saved net.netoscope', mimeType: 'application/json', buffer: Buffer.from(text) });
    await poll(() => nodeCount()).toBe(4);
    const again = page.waitForEvent('download');
    await testId('save-document').click();
    expect(readFileSync(await (await again).path(), 'utf8')).toBe(text);
  });

  it('recovers unsaved work after a reload', async () => {
    await buildChain();
    await node('dense-1').click();
    await testId('param-units').fill('7');
    await poll(() => testId('dirty-marker').getAttribute('data-autosaved'), { timeout: 10_000 }).toBe('true');

    await page.reload();
    await poll(() => testId('start-recovery').count()).toBe(1);
    await testId('start-recover').click();
    await poll(() => node('dense-1').textContent()).toContain('Dense · 7 units');
    await poll(() => testId('dirty-marker').getAttribute('data-dirty')).toBe('true');
  });

  it('switches the language at run time and lists the shortcuts on ?', async () => {
    await startBlank();
    await testId('language').selectOption('ru');
    await poll(() => testId('train').textContent()).toBe('Обучить');
    await poll(() => testId('palette-dense').textContent()).toContain('Полносвязный слой');
    await poll(() => node('input').textContent()).toContain('Вход');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('?');
    await poll(() => testId('shortcuts').textContent()).toContain('Горячие клавиши');
    await page.keyboard.press('Escape');
    await poll(() => testId('shortcuts').count()).toBe(0);
    await testId('language').selectOption('en');
    await poll(() => testId('train').textContent()).toBe('Train');
  });
});
