// The cost of the instruments, in headless Chromium (software rendering, no GPU): three runs of
// the 30-layer preset (J, Xavier versus He) compared by initializer, measured three ways:
//   1. no statistics streamed (measured only at the last step), the Instruments tab closed;
//   2. statistics every 50 steps, the tab closed;
//   3. statistics every 50 steps, the tab open with every view drawing.
// Engine throughput is the summed steps of the runs training (read from the run chips) per
// second of wall time, and per CPU second the whole browser spent (every thread of every one of
// its processes: the worker training, the page's main thread drawing, the compositor, the GPU
// process). On this 2-core machine, which gives about one core's throughput and is shared with
// other work, wall-clock rates swing with the load by ±20 % from one window to the next; the CPU
// per step does not, and it is what the instruments take from training when the CPU is the
// limit. Frame rate is requestAnimationFrame deltas over the same window.
// Usage: npx vite build && node scripts/measure-instruments.mjs [seconds per window] [rounds]
/* global document, window, requestAnimationFrame, MutationObserver -- in functions that run in the page */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDocument, openEditor } from './lib/editor-page.mjs';
import { cpuBetween, descendantsCpu } from './lib/process-cpu.mjs';

const WINDOW_SECONDS = Number(process.argv[2] ?? 10);
const ROUNDS = Number(process.argv[3] ?? 3);
const STEPS = 1_000_000;
const INITIALIZERS = ['he-normal', 'xavier-normal', 'normal'];
const preset = JSON.parse(readFileSync(resolve(import.meta.dirname, '../presets/j-relu-30.netoscope'), 'utf8'));

function documentWith(every) {
  return { ...preset, name: `J30 every ${every}`, training: { ...preset.training, steps: STEPS }, instruments: { ...preset.instruments, every } };
}

/** Steps of every run, by id, from the run chips of the Instruments tab. */
async function stepsNow(page) {
  return Object.fromEntries(await page.locator('[data-testid="run-chip"]').evaluateAll((chips) => chips.map((chip) => [chip.dataset.runId, Number(chip.dataset.step)])));
}

async function withTab(page, open, action) {
  if (open) await page.getByTestId('workspace-instruments').click();
  const result = await action();
  if (open) await page.getByTestId('workspace-editor').click();
  return result;
}

let comparisons = 0;

async function startComparison(page) {
  comparisons += 1;
  const group = `compare-${comparisons}-`;
  await page.getByTestId('workspace-instruments').click();
  await page.getByTestId('compare').click();
  await page.getByTestId('compare-axis').selectOption('initializer');
  for (const kind of INITIALIZERS) await page.getByTestId(`compare-initializer-${kind}`).check();
  await page.getByTestId('compare-start').click();
  // This comparison's runs, all past start-up (data loading, the first frames), before measuring.
  await page.waitForFunction(
    ({ prefix, runs }) =>
      [...document.querySelectorAll('[data-testid="run-chip"]')].filter((chip) => chip.dataset.runId.startsWith(prefix) && Number(chip.dataset.step) >= 300).length === runs,
    { prefix: group, runs: INITIALIZERS.length },
    { polling: 200, timeout: 120_000 },
  );
}

async function recordFrames(page) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (time) => {
      window.__frames.push(time - last);
      last = time;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.waitForTimeout(WINDOW_SECONDS * 1000);
  return page.evaluate(() => {
    window.__recording = false;
    return window.__frames.slice(1);
  });
}

/**
 * With the views open the run chips redraw only as often as the paced views do (every few
 * seconds on a loaded machine), so what they show at one instant may be seconds old. Instead,
 * every change of a chip's step is timestamped in the page, and each run's rate is taken between
 * the first and the last change seen in the window.
 */
async function watchChipSteps(page) {
  await page.evaluate(() => {
    window.__chipSteps = [];
    const record = (chip) => window.__chipSteps.push({ time: performance.now(), runId: chip.dataset.runId, step: Number(chip.dataset.step) });
    window.__chipObserver = new MutationObserver((mutations) => mutations.forEach((mutation) => record(mutation.target)));
    for (const chip of document.querySelectorAll('[data-testid="run-chip"]')) window.__chipObserver.observe(chip, { attributes: true, attributeFilter: ['data-step'] });
  });
}

async function chipStepRate(page) {
  const changes = await page.evaluate(() => {
    window.__chipObserver.disconnect();
    return window.__chipSteps;
  });
  let rate = 0;
  for (const runId of new Set(changes.map((change) => change.runId))) {
    const ofRun = changes.filter((change) => change.runId === runId);
    const first = ofRun[0];
    const last = ofRun[ofRun.length - 1];
    if (last.time > first.time) rate += (last.step - first.step) / ((last.time - first.time) / 1000);
  }
  return { rate, redraws: new Set(changes.map((change) => Math.round(change.time))).size };
}

async function measure(page, { every, viewsOpen }) {
  await openDocument(page, documentWith(every));
  await startComparison(page);
  if (!viewsOpen) await page.getByTestId('workspace-editor').click();
  // Steps are read outside the window of frames: opening the tab to read them costs frames.
  const before = await withTab(page, !viewsOpen, () => stepsNow(page));
  const started = Date.now();
  // This script's descendants are the browser's processes.
  const cpuBefore = descendantsCpu(process.pid);
  if (viewsOpen) await watchChipSteps(page);
  const frames = await recordFrames(page);
  const chipRate = viewsOpen ? await chipStepRate(page) : null;
  const cpu = cpuBetween(cpuBefore, descendantsCpu(process.pid));
  const after = await withTab(page, !viewsOpen, () => stepsNow(page));
  const seconds = (Date.now() - started) / 1000;
  const steps = Object.entries(after).reduce((sum, [runId, step]) => sum + step - (before[runId] ?? 0), 0);
  const sorted = [...frames].sort((a, b) => a - b);
  const total = frames.reduce((sum, frame) => sum + frame, 0);
  const workerCpu = Object.entries(cpu.byThread).reduce((sum, [name, spent]) => sum + (/Worker/.test(name) ? spent : 0), 0);
  // Views open: the chips' own rate; closed: opening the tab draws the chips afresh.
  const stepsPerSecond = chipRate ? chipRate.rate : steps / seconds;
  return {
    stepsPerSecond,
    stepsPerCpuSecond: (stepsPerSecond * seconds) / cpu.total,
    chipRedraws: chipRate?.redraws,
    browserCpuPerSecond: cpu.total / seconds,
    workerCpuShare: workerCpu / cpu.total,
    fps: frames.length / (total / 1000),
    frameMedianMs: sorted[Math.floor(sorted.length / 2)],
    frameP95Ms: sorted[Math.floor(sorted.length * 0.95)],
    longestFrameMs: sorted[sorted.length - 1],
    runsTraining: Object.entries(after).filter(([runId, step]) => step > (before[runId] ?? 0)).length,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rounded = (key, value) => (typeof value === 'number' ? Number(value.toFixed(2)) : value);

const { page, close } = await openEditor({ width: 1600, height: 1000 });
try {
  await page.getByTestId('start-close').click();
  const setups = [
    ['headless (no stats streamed, views closed)', { every: 1_000_000, viewsOpen: false }],
    ['stats every 50, views closed', { every: 50, viewsOpen: false }],
    ['stats every 50, every view open', { every: 50, viewsOpen: true }],
  ];
  // The three take turns, ROUNDS times, so that each meets the same changes of load on a shared
  // machine; the medians are reported.
  const results = Object.fromEntries(setups.map(([label]) => [label, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [label, setup] of setups) {
      const result = await measure(page, setup);
      results[label].push(result);
      console.log(`round ${round}: ${label}`, JSON.stringify(result, rounded));
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([label, runs]) => [
      label,
      Object.fromEntries(['stepsPerSecond', 'stepsPerCpuSecond', 'fps', 'frameP95Ms'].map((key) => [key, median(runs.map((run) => run[key]))])),
    ]),
  );
  for (const [label, values] of Object.entries(summary)) console.log(`median: ${label}`, JSON.stringify(values, rounded));
  const [headless, closed, open] = Object.values(summary);
  const cost = (measured, key) => `${((1 - measured[key] / headless[key]) * 100).toFixed(1)} %`;
  for (const [key, per] of [['stepsPerCpuSecond', 'per CPU second of the browser'], ['stepsPerSecond', 'per second of wall time']]) {
    console.log(`streaming cost of the engine's throughput, steps ${per} (medians): ${cost(closed, key)} with the views closed, ${cost(open, key)} with every view open`);
  }
} finally {
  await close();
}
