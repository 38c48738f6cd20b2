// Frame times of the editor with a 300-node network: dragging a node and panning, in headless
// Chromium (software rendering, no GPU), first with the whole network in view, then at 100 %.
// Usage: npx vite build && node scripts/measure-canvas.mjs
/* global window, document, getComputedStyle, requestAnimationFrame, DOMMatrix -- in functions that run in the page */
import { currentDocument, openDocument, openEditor, settle } from './lib/editor-page.mjs';

const COLUMNS = 20;
const GESTURE_STEPS = 60;

/** Input → (Dense → ReLU) × 149 → Dense(2) → Output: 301 nodes in rows of 20. */
function bigDocument(base) {
  const kinds = ['input', ...Array.from({ length: 298 }, (_, index) => (index % 2 === 0 ? 'dense' : 'activation')), 'dense', 'output'];
  const nodes = kinds.map((kind, index) => ({
    id: `${kind}-${index}`,
    kind,
    params: kind === 'dense' ? { units: index === kinds.length - 2 ? 2 : 16 } : kind === 'activation' ? { fn: 'relu' } : {},
    position: { x: (index % COLUMNS) * 240, y: Math.floor(index / COLUMNS) * 160 },
  }));
  const edges = nodes.slice(1).map((node, index) => ({ id: `e-${nodes[index].id}-${node.id}`, source: nodes[index].id, target: node.id }));
  return { ...base, name: 'Three hundred nodes', graph: { nodes, edges } };
}

async function recordFrames(page, gesture) {
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (time) => {
      window.__frames.push(time - last);
      last = time;
      if (window.__recording) requestAnimationFrame(tick);
    };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  await gesture();
  return page.evaluate(() => {
    window.__recording = false;
    return window.__frames.slice(1);
  });
}

function summary(frames) {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { frames: frames.length, median: at(0.5).toFixed(1), p95: at(0.95).toFixed(1), max: sorted[sorted.length - 1].toFixed(1) };
}

async function drag(page, from, by) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let step = 1; step <= GESTURE_STEPS; step += 1) await page.mouse.move(from.x + (by.x * step) / GESTURE_STEPS, from.y + (by.y * step) / GESTURE_STEPS);
  await page.mouse.up();
}

/** The card nearest the middle of the canvas. */
async function middleCard(page) {
  const pane = await page.getByTestId('canvas').boundingBox();
  const middle = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  const boxes = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON()));
  const distance = (box) => Math.hypot(box.x + box.width / 2 - middle.x, box.y + box.height / 2 - middle.y);
  return boxes.reduce((best, box) => (distance(box) < distance(best) ? box : best));
}

async function measure(page, label) {
  const card = await middleCard(page);
  const pane = await page.getByTestId('canvas').boundingBox();
  const nodeDrag = summary(await recordFrames(page, () => drag(page, { x: card.x + card.width / 2, y: card.y + 8 }, { x: 120, y: 80 })));
  const pan = summary(await recordFrames(page, () => drag(page, { x: pane.x + 12, y: pane.y + pane.height - 12 }, { x: 200, y: -150 })));
  console.log(`${label}\n  drag a node: ${JSON.stringify(nodeDrag)}\n  pan:         ${JSON.stringify(pan)}`);
}

const { page, close } = await openEditor();
try {
  await page.getByTestId('start-close').click();
  await openDocument(page, bigDocument(await currentDocument(page)));
  await page.getByTestId('fit-view').click();
  await settle(page);
  await measure(page, 'whole network in view (frame times in ms):');
  await page.getByTestId('toggle-minimap').click();
  await measure(page, 'whole network in view, minimap hidden:');
  await page.getByTestId('toggle-minimap').click();
  // Zoom in about the middle of the view (the + button, 1.2× a press) to 100 %, as when editing.
  const zoom = () => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a);
  while ((await zoom()) < 0.99) {
    await page.locator('.react-flow__controls-zoomin').click();
    await settle(page);
  }
  await measure(page, `at ${Math.round((await zoom()) * 100)} % zoom:`);
} finally {
  await close();
}
