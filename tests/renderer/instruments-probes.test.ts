import { afterEach, describe, expect, it, vi } from 'vitest';
import { edgeGradientStyle, logPosition, rampColour, runColour, RUN_COLOURS } from '../../renderer/instruments/colours';
import { RunHistory } from '../../renderer/instruments/history';
import {
  batchNormOverview,
  batchNormUnits,
  datasetImageSide,
  decisionImage,
  edgeGradient,
  greyImage,
  imageShape,
  histogramHeights,
  type DecisionGrid,
} from '../../renderer/instruments/probes';
import { canvasRun, createCanvasOverlayStore, followCanvasOverlay, readCanvasOverlay } from '../../renderer/instruments/overlays';
import { createRunsStore } from '../../renderer/instruments/runsSlice';
import { INSTRUMENTS, nodeStats, planOf, statsFrame } from './instruments-support';

describe('BatchNorm inspector data', () => {
  it('lines up batch and running statistics and γ, β per unit', () => {
    const rows = batchNormUnits({
      batchMean: Float64Array.from([0.5, -1]),
      batchVariance: Float64Array.from([2, 3]),
      runningMean: Float32Array.from([0.25, -0.5]),
      runningVariance: Float32Array.from([1.5, 2]),
      gamma: null,
      beta: null,
    });
    expect(rows[1]).toEqual({ unit: 1, batchMean: -1, runningMean: -0.5, batchVariance: 3, runningVariance: 2, gamma: 1, beta: 0 });
  });

  it('refuses units that do not line up', () => {
    const stats = { batchMean: new Float64Array(2), batchVariance: new Float64Array(2), runningMean: new Float32Array(2), runningVariance: new Float32Array(2), gamma: new Float32Array(3), beta: null };
    expect(() => batchNormUnits(stats)).toThrow(/gamma has 3 units, batchMean 2/);
  });

  it('tells what went into a BatchNorm node and what came out, over time', () => {
    const plan = planOf((doc) => {
      const nodes = doc.graph.nodes;
      nodes.splice(2, 0, { id: 'bn1', kind: 'batchnorm', params: {}, position: { x: 300, y: 0 } });
      doc.graph.edges = nodes.slice(1).map((target, index) => ({ id: `e${index}`, source: nodes[index].id, target: target.id }));
    });
    const history = new RunHistory(plan, INSTRUMENTS);
    history.appendFrame(statsFrame(5, [nodeStats('dense1', { mean: 3, std: 4 }), nodeStats('bn1', { mean: 0, std: 1 })]));
    expect(batchNormOverview(history, 'bn1')).toEqual([{ step: 5, inputMean: 3, inputStd: 4, outputMean: 0, outputStd: 1 }]);
    expect(batchNormOverview(history, 'dense1')).toEqual([]);
  });
});

describe('decision boundary image', () => {
  const colours = [
    [255, 0, 0],
    [0, 0, 255],
  ] as const;

  it('colours each cell by its classes, confident cells opaque, flips rows so y grows upwards', () => {
    const grid: DecisionGrid = { step: 1, x: [0, 1], y: [0, 1], columns: 2, rows: 2, classes: 2, probabilities: Float32Array.from([1, 0, 0.5, 0.5, 0, 1, 0, 1]) };
    const pixels = decisionImage(grid, colours);
    // Row 0 of the grid (y0) is the bottom row of the image.
    expect(Array.from(pixels.subarray(8, 12))).toEqual([255, 0, 0, 220]);
    expect(Array.from(pixels.subarray(12, 16))).toEqual([128, 0, 128, 40]);
    expect(Array.from(pixels.subarray(0, 4))).toEqual([0, 0, 255, 220]);
  });

  it('refuses a grid whose numbers do not fit its shape', () => {
    const grid: DecisionGrid = { step: 1, x: [0, 1], y: [0, 1], columns: 2, rows: 2, classes: 2, probabilities: new Float32Array(7) };
    expect(() => decisionImage(grid, colours)).toThrow(/needs 8 probabilities, got 7/);
    expect(() => decisionImage({ ...grid, probabilities: new Float32Array(12), classes: 3 }, colours)).toThrow(/3 classes need as many colours/);
  });
});

describe('one sample through the network', () => {
  it('draws a vector as the data’s image when it fits, else the squarest grid', () => {
    expect(imageShape(784, 28)).toEqual({ columns: 28, rows: 28 });
    expect(imageShape(50, 28)).toEqual({ columns: 8, rows: 7 });
    expect(imageShape(1)).toEqual({ columns: 1, rows: 1 });
    expect(datasetImageSide({ kind: 'mnist', downsample: true })).toBe(14);
    expect(datasetImageSide({ kind: 'letters' })).toBe(29);
    expect(datasetImageSide({ kind: 'spirals' })).toBeNull();
  });

  it('shades signed values about mid grey and one-signed ones over their range', () => {
    const signed = greyImage([-2, 0, 1], 2, 2);
    expect([signed[0], signed[4], signed[8], signed[12], signed[15]]).toEqual([0, 128, 191, 0, 0]);
    const positive = greyImage([1, 3], 2, 1);
    expect([positive[0], positive[4], positive[7]]).toEqual([0, 255, 255]);
  });
});

describe('canvas overlays', () => {
  const plan = planOf();
  const history = new RunHistory(plan, INSTRUMENTS);
  history.appendFrame(statsFrame(5, [nodeStats('dense1', { gradient: 1e-3 }), nodeStats('act1', {})]));

  it('gives a histogram’s bins relative to its tallest', () => {
    expect(histogramHeights(history.latest.get('dense1')!.histogram)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(histogramHeights({ lo: 0, hi: 1, counts: new Uint32Array(3), below: 0, above: 0, nan: 0 })).toEqual([0, 0, 0]);
  });

  it('gives an edge the gradient of its source’s output, null where none was measured', () => {
    expect(edgeGradient(history.latest, 'dense1')).toBe(1e-3);
    expect(edgeGradient(history.latest, 'act1')).toBeNull();
    expect(edgeGradient(history.latest, 'dense2')).toBeNull();
    const diverged = new Map([['dense1', nodeStats('dense1', { gradient: NaN })]]);
    expect(edgeGradient(diverged, 'dense1')).toBeNull();
  });

  it('colours and thickens edges with the log of the gradient', () => {
    expect(logPosition(1e-4, 1e-7, 1e-1)).toBeCloseTo(0.5, 12);
    expect(logPosition(0, 1e-7, 1)).toBe(0);
    expect(logPosition(10, 1e-7, 1)).toBe(1);
    expect(rampColour(0)).toBe('rgb(176, 176, 176)');
    expect(rampColour(1)).toBe('rgb(214, 39, 40)');
    expect(edgeGradientStyle(1e-9)).toEqual({ stroke: 'rgb(176, 176, 176)', strokeWidth: 1 });
    expect(edgeGradientStyle(1).strokeWidth).toBe(4);
  });

  it('cycles distinct run colours', () => {
    expect(new Set(RUN_COLOURS.map((_, index) => runColour(index))).size).toBe(RUN_COLOURS.length);
    expect(runColour(RUN_COLOURS.length)).toBe(runColour(0));
  });
});

describe('the run the canvas stands for', () => {
  it('is the first visible run of the latest group', () => {
    const plan = planOf();
    const store = createRunsStore();
    expect(canvasRun(store.getState())).toBeNull();
    store.getState().trackRuns([{ runId: 'old', name: 'old', group: 'g1', plan, instruments: INSTRUMENTS }]);
    store.getState().togglePinned('old');
    store.getState().trackRuns(['a', 'b'].map((runId) => ({ runId, name: runId, group: 'g2', plan, instruments: INSTRUMENTS })));
    expect(canvasRun(store.getState())?.runId).toBe('a');
    store.getState().toggleHidden('a');
    expect(canvasRun(store.getState())?.runId).toBe('b');
  });
});

describe('the canvas overlay', () => {
  const plan = planOf();
  const trackedStore = () => {
    const store = createRunsStore();
    store.getState().trackRuns([{ runId: 'a', name: 'He', group: 'g', plan, instruments: INSTRUMENTS }]);
    return store;
  };
  const measure = (store: ReturnType<typeof createRunsStore>, step: number, gradient: number) =>
    store.getState().handleRunEvent(statsFrame(step, [nodeStats('dense1', { gradient })], 'a'));

  afterEach(() => {
    vi.useRealTimers();
  });

  it('copies the canvas run’s latest measurements, and stays the same object until there is a new one', () => {
    const store = trackedStore();
    const empty = createCanvasOverlayStore().getState();
    expect(readCanvasOverlay(store.getState(), empty)).toBe(empty);
    measure(store, 10, 1e-3);
    const first = readCanvasOverlay(store.getState(), empty);
    expect(first.run).toEqual({ runId: 'a', name: 'He', colour: expect.any(String), step: 10, measurements: 1 });
    expect(first.latest.get('dense1')?.outputGradient?.meanAbs).toBe(1e-3);
    expect(readCanvasOverlay(store.getState(), first)).toBe(first);
    measure(store, 20, 2e-3);
    // The copy is the overlay's own: the history moves on, what was read stays.
    expect(first.latest.get('dense1')?.outputGradient?.meanAbs).toBe(1e-3);
    expect(readCanvasOverlay(store.getState(), first).run?.step).toBe(20);
    store.getState().renameRun('a', 'He normal');
    expect(readCanvasOverlay(store.getState(), first).run?.name).toBe('He normal');
  });

  it('is read at most once per interval, and not at all while the Instruments tab covers the canvas', () => {
    vi.useFakeTimers();
    const store = trackedStore();
    const overlay = createCanvasOverlayStore();
    const stop = followCanvasOverlay(store, overlay, { minimumMs: 1000 });
    const step = () => overlay.getState().run?.step ?? null;
    expect(step()).toBeNull();
    measure(store, 10, 1e-3);
    vi.advanceTimersByTime(999);
    expect(step()).toBeNull();
    measure(store, 20, 1e-3);
    vi.advanceTimersByTime(1);
    expect(step()).toBe(20);

    // A read already timed when the tab opens does not happen either.
    measure(store, 25, 1e-3);
    store.getState().setInstrumentsOpen(true);
    measure(store, 30, 1e-3);
    vi.advanceTimersByTime(5000);
    expect(step()).toBe(20);
    expect(vi.getTimerCount()).toBe(0);
    store.getState().setInstrumentsOpen(false);
    expect(step()).toBe(30);

    stop();
    measure(store, 40, 1e-3);
    vi.advanceTimersByTime(5000);
    expect(step()).toBe(30);
  });
});
