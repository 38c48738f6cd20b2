import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import { readDocument } from '../../engine/document/read';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { comparisonVariants, parseNumberList, planComparison } from '../../renderer/instruments/comparison';
import { createComparisonRunner, type ComparisonManager } from '../../renderer/instruments/comparisonRunner';
import type { RunStatus } from '../../engine/run/manager';
import { RunHistory } from '../../renderer/instruments/history';
import { createRunsStore } from '../../renderer/instruments/runsSlice';
import { chartPropsEqual, createViewsCache, paddedDomain, runViews, sameDomains, sharedDomains, type RunViews, type SharedDomains } from '../../renderer/instruments/views';
import { INSTRUMENTS, planOf, trainedFrames } from './instruments-support';

function preset(file: string) {
  const read = readDocument(readFileSync(resolve(import.meta.dirname, '../../presets', file), 'utf8'));
  if (!read.ok) throw new Error(read.problems.map((problem) => problem.message).join('\n'));
  return read.document;
}

describe('planning a comparison', () => {
  it('reads number lists, refusing values out of range by name', () => {
    expect(parseNumberList('0.1, 0.01;0.001 0.1', 'Learning rate', { min: 0, max: 10, minExclusive: true })).toEqual([0.1, 0.01, 0.001]);
    expect(parseNumberList('0.2 1', 'Dropout rate', { min: 0, max: 1, maxExclusive: true })).toBe('Dropout rate: "1" is not a number in [0, 1).');
    expect(parseNumberList(' ', 'Dropout rate', { min: 0, max: 1 })).toBe('Dropout rate: give at least one value.');
  });

  it('compiles three initializers of the Xavier-versus-He preset, with the document’s instruments', () => {
    const result = planComparison(preset('j-relu-30.netoscope'), { axis: 'initializer', kinds: ['he-normal', 'lecun-normal', 'normal'] }, compile);
    if (!result.ok) throw new Error(result.message);
    expect(result.runs.map((run) => run.name)).toEqual(['he-normal', 'lecun-normal', 'normal(0, 0.01)']);
    // 30 hidden layers and the output layer.
    expect(result.runs.map((run) => run.plan.layers.filter((layer) => layer.kind === 'dense').length)).toEqual([31, 31, 31]);
    const firstDense = (index: number) => result.runs[index].plan.layers.find((layer) => layer.kind === 'dense');
    expect(firstDense(2)).toMatchObject({ init: { kind: 'normal', mean: 0, std: 0.01 } });
    expect(result.runs[0].instruments?.every).toBe(50);
    // Same seed for every variant: they see the same batches.
    expect(new Set(result.runs.map((run) => run.plan.training.seed)).size).toBe(1);
  });

  it('uses the document’s own variants, or says it has none', () => {
    const result = planComparison(preset('j-relu-30.netoscope'), { axis: 'document' }, compile);
    expect(result.ok && result.runs.map((run) => run.name)).toEqual(['He N(0, 2/n)', 'Xavier N(0, 1/n)']);
    expect(comparisonVariants(newDocument(), { axis: 'document' })).toBe('The document defines no variants.');
  });

  it('names the variant that does not compile', () => {
    const result = planComparison(newDocument(), { axis: 'batchnorm' }, (doc) => (doc.name.endsWith('without BatchNorm') ? { ok: false, errors: [{ nodeId: 'dense1', message: 'broken' }] } : compile(doc)));
    expect(result).toEqual({ ok: false, message: 'Variant "without BatchNorm" does not compile: dense1: broken' });
    expect(planComparison(newDocument(), { axis: 'activation', functions: [] }, compile)).toEqual({ ok: false, message: 'Activation: choose at least one.' });
    expect(planComparison(newDocument(), { axis: 'learningRate', rates: '0.1 x' }, compile)).toEqual({ ok: false, message: 'Learning rate: "x" is not a number in (0, 10].' });
  });
});

describe('views of the runs', () => {
  const plan = planOf();

  it('derives every view of a run for a focus node', () => {
    const store = createRunsStore();
    store.getState().trackRuns([{ runId: 'a', name: 'a', group: 'g', plan, instruments: INSTRUMENTS }]);
    for (const frame of trainedFrames(plan, 3, INSTRUMENTS, 'a')) store.getState().handleRunEvent(frame);
    const [run] = store.getState().runs;
    const views = runViews(run, 'act1', false);
    expect(views.percentileSource).toBe('preActivation');
    expect(views.bands?.points).toHaveLength(3);
    expect(views.outputHistogram?.bars).toHaveLength(10);
    expect(views.weightHistogram?.nodeId).toBe('dense1');
    expect(views.depth).toHaveLength(3);
    expect(views.batchNorm).toBeNull();
    expect(runViews(run, 'dense2', false).weightHistogram?.nodeId).toBe('dense2');
  });

  it('gives the BatchNorm inspector the units of the latest measurement', () => {
    const withBatchNorm = planOf((doc) => {
      const nodes = doc.graph.nodes;
      nodes.splice(2, 0, { id: 'bn1', kind: 'batchnorm', params: {}, position: { x: 300, y: 0 } });
      doc.graph.edges = nodes.slice(1).map((target, index) => ({ id: `e${index}`, source: nodes[index].id, target: target.id }));
    });
    const store = createRunsStore();
    store.getState().trackRuns([{ runId: 'a', name: 'a', group: 'g', plan: withBatchNorm, instruments: INSTRUMENTS }]);
    const frames = trainedFrames(withBatchNorm, 2, INSTRUMENTS, 'a');
    for (const frame of frames) store.getState().handleRunEvent(frame);
    const views = runViews(store.getState().runs[0], 'act1', false);
    const width = withBatchNorm.layers.find((layer) => layer.nodeId === 'bn1')!.outWidth;
    expect(views.batchNorm?.nodeId).toBe('bn1');
    expect(views.batchNorm?.points).toHaveLength(2);
    expect(views.batchNorm?.units?.runningVariance).toHaveLength(width);
    expect(views.batchNorm?.units?.gamma).toHaveLength(width);
    // The running mean has moved from its start at 0 towards the batch means.
    expect(Array.from(views.batchNorm!.units!.runningMean).some((value) => value !== 0)).toBe(true);
  });

  it('shares the axes across runs: steps to the longest, loss and bands over all', () => {
    const store = createRunsStore();
    const short = planOf((doc) => {
      doc.training.steps = 100;
    });
    store.getState().trackRuns([
      { runId: 'a', name: 'a', group: 'g', plan, instruments: INSTRUMENTS },
      { runId: 'b', name: 'b', group: 'g', plan: short, instruments: INSTRUMENTS },
    ]);
    for (const frame of trainedFrames(plan, 2, INSTRUMENTS, 'a')) store.getState().handleRunEvent(frame);
    const views = store.getState().runs.map((run) => runViews(run, 'act1', true));
    const domains = sharedDomains(views, true);
    expect(domains.steps).toEqual([0, 3000]);
    const losses = views[0].loss.trainLoss.map((point) => point.value!);
    expect(domains.loss![0]).toBeLessThanOrEqual(Math.min(...losses));
    expect(domains.loss![1]).toBeGreaterThanOrEqual(Math.max(...losses));
    expect(Math.log10(domains.loss![0]) % 1).toBeCloseTo(0, 12);
    expect(domains.gradient).not.toBeNull();
  });

  it('rounds domains: whole decades on a log axis, round ends on a linear one, from 0 for positive values near it', () => {
    expect(paddedDomain([0.003, 0.2], true)).toEqual([0.001, 1]);
    expect(paddedDomain([0.5, 1.5], false)).toEqual([0, 2]);
    expect(paddedDomain([-2.3, 2.1], false)).toEqual([-3, 3]);
    expect(paddedDomain([5, 5], false)).toEqual([0, 5]);
    expect(paddedDomain([102, 104.5], false)).toEqual([102, 105]);
    expect(paddedDomain(null, false)).toBeNull();
    expect(new RunHistory(plan, null).ranks).toEqual([]);
  });
});

describe('starting a comparison', () => {
  it('tracks one run per variant, starts each with the same seed, and stops the unpinned runs still under way', () => {
    const store = createRunsStore();
    const started: { runId?: string; seed: number; every?: number }[] = [];
    const stopped: string[] = [];
    const statuses = new Map<string, RunStatus>();
    const manager: ComparisonManager = {
      start: (request) => {
        started.push({ runId: request.runId, seed: request.plan.training.seed, every: request.instruments?.every });
        statuses.set(request.runId!, 'queued');
        return request.runId!;
      },
      stop: (runId) => {
        stopped.push(runId);
      },
      status: (runId) => statuses.get(runId) ?? null,
    };
    const runner = createComparisonRunner(store, manager, compile);
    const doc = newDocument();
    expect(runner.compare(doc, { axis: 'learningRate', rates: '0.1, 0.01, 0.001' })).toBeNull();
    expect(store.getState().runs.map((run) => [run.runId, run.name, run.status])).toEqual([
      ['compare-1-1', 'learning rate 0.1', 'queued'],
      ['compare-1-2', 'learning rate 0.01', 'queued'],
      ['compare-1-3', 'learning rate 0.001', 'queued'],
    ]);
    expect(started).toEqual([
      { runId: 'compare-1-1', seed: 1, every: 50 },
      { runId: 'compare-1-2', seed: 1, every: 50 },
      { runId: 'compare-1-3', seed: 1, every: 50 },
    ]);
    store.getState().togglePinned('compare-1-2');
    statuses.set('compare-1-3', 'finished');
    expect(runner.compare(doc, { axis: 'batchnorm' })).toBeNull();
    // The pinned run goes on; the finished one needs no stop.
    expect(stopped).toEqual(['compare-1-1']);
    expect(store.getState().runs.map((run) => run.runId)).toEqual(['compare-1-2', 'compare-2-1', 'compare-2-2']);
    expect(runner.compare(doc, { axis: 'dropout', rates: '' })).toBe('Dropout rate: give at least one value.');
    expect(started).toHaveLength(5);
  });
});

describe('redrawing only what changed', () => {
  const plan = planOf();
  const frames = trainedFrames(plan, 2, INSTRUMENTS, 'a');
  const track = () => {
    const store = createRunsStore();
    store.getState().trackRuns([
      { runId: 'a', name: 'a', group: 'g', plan, instruments: INSTRUMENTS },
      { runId: 'b', name: 'b', group: 'g', plan, instruments: INSTRUMENTS },
    ]);
    return store;
  };

  it('hands back the same view objects until their data moves', () => {
    const store = track();
    const cache = createViewsCache();
    const read = () => store.getState().runs.map((run) => cache.viewsOf(run, 'act1', false));
    store.getState().handleRunEvent(frames[0]);
    const [a1, b1] = read();
    expect(read()).toEqual([a1, b1]);
    expect(read()[0]).toBe(a1);

    // Metric points without a measurement: new loss views, the same stats views.
    store.getState().handleRunEvent({ ...frames[1], stats: [] });
    const [a2, b2] = read();
    expect(b2).toBe(b1);
    expect(a2).not.toBe(a1);
    expect(a2.loss).not.toBe(a1.loss);
    expect(a2.bands).toBe(a1.bands);
    expect(a2.depth).toBe(a1.depth);

    store.getState().renameRun('b', 'B');
    const [, b3] = read();
    expect(b3).not.toBe(b1);
    expect(b3.loss).toBe(b1.loss);
    expect(cache.viewsOf(store.getState().runs[0], 'act2', false).bands).not.toBe(a2.bands);
  });

  it('redraws the views of measurements at a bounded rate while a run trains, at once when it stops or the focus moves', () => {
    const store = track();
    let clock = 0;
    const cache = createViewsCache(1000, () => clock);
    const read = (focus = 'act1') => cache.viewsOf(store.getState().runs[0], focus, false);
    store.getState().handleRunEvent(frames[0]);
    const first = read();
    store.getState().handleRunEvent(frames[1]);
    clock = 400;
    const early = read();
    expect(early.loss).not.toBe(first.loss);
    expect(early.bands).toBe(first.bands);
    expect(read('act2').bands).not.toBe(first.bands);
    expect(read().bands?.points).toHaveLength(2);
    store.getState().handleRunEvent({ ...frames[1], stats: [{ ...frames[1].stats[0], step: 11 }] });
    const held = read();
    clock = 1500;
    expect(read().bands).not.toBe(held.bands);
    store.getState().handleRunEvent({ ...frames[1], stats: [{ ...frames[1].stats[0], step: 12 }] });
    const beforeEnd = read();
    store.getState().handleRunEvent({ type: 'state', runId: 'a', state: 'finished', step: 12 });
    expect(read().bands).not.toBe(beforeEnd.bands);
  });

  it('re-derives the measurement views of one run per redraw, so that the columns redraw in turn', () => {
    const store = track();
    let clock = 0;
    const cache = createViewsCache(1000, () => clock);
    const redraw = () => {
      cache.beginRedraw(new Set(['a', 'b']));
      return store.getState().runs.map((run) => cache.viewsOf(run, 'act1', false));
    };
    const measure = (step: number) => {
      for (const runId of ['a', 'b']) store.getState().handleRunEvent({ ...frames[1], runId, stats: [{ ...frames[1].stats[0], step }] });
    };
    for (const runId of ['a', 'b']) store.getState().handleRunEvent({ ...frames[0], runId });
    const [a1, b1] = redraw();
    measure(11);
    clock = 1500;
    const [a2, b2] = redraw();
    expect(a2.bands).not.toBe(a1.bands);
    expect(b2.bands).toBe(b1.bands);
    expect(b2.loss).not.toBe(b1.loss);
    const [a3, b3] = redraw();
    expect(a3.bands).toBe(a2.bands);
    expect(b3.bands).not.toBe(b1.bands);
    expect(b3.bands?.points.at(-1)?.step).toBe(11);
  });

  it('compares charts’ props by the data they draw', () => {
    const store = track();
    store.getState().handleRunEvent(frames[0]);
    const cache = createViewsCache();
    const [a, b] = store.getState().runs.map((run) => cache.viewsOf(run, 'act1', false));
    const equal = chartPropsEqual<{ views: RunViews[]; testId: string }>((view) => view.loss);
    expect(equal({ views: [a, b], testId: 'x' }, { views: [a, b], testId: 'x' })).toBe(true);
    expect(equal({ views: [a, b], testId: 'x' }, { views: [a, b], testId: 'y' })).toBe(false);
    expect(equal({ views: [a, b], testId: 'x' }, { views: [b, a], testId: 'x' })).toBe(false);
    expect(equal({ views: [a], testId: 'x' }, { views: [{ ...a, bands: null }], testId: 'x' })).toBe(true);
    expect(equal({ views: [a], testId: 'x' }, { views: [{ ...a, run: { ...a.run, colour: 'red' } }], testId: 'x' })).toBe(false);
  });

  it('keeps equal axes the same object', () => {
    const first = { steps: [0, 10], loss: [1, 2], bands: null, gradient: null, activationStd: null, theory: null } as SharedDomains;
    const equalCopy = { ...first, steps: [0, 10], loss: [1, 2] } as SharedDomains;
    expect(sameDomains(first, equalCopy)).toBe(first);
    const moved = sameDomains(first, { ...equalCopy, loss: [1, 3] });
    expect(moved).not.toBe(first);
    expect(moved.steps).toBe(first.steps);
    expect(sameDomains(undefined, first)).toBe(first);
  });
});
