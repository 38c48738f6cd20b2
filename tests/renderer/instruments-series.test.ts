import { describe, expect, it } from 'vitest';
import { NODE_FIELDS, RunHistory } from '../../renderer/instruments/history';
import { networkLayout } from '../../renderer/instruments/layout';
import {
  bandRanks,
  depthProfile,
  distributionBands,
  histogramData,
  layerHealth,
  lossAccuracyData,
  nearestPoint,
  nodeSeries,
  sharedExtent,
  theoryVersusMeasurement,
} from '../../renderer/instruments/series';
import { INSTRUMENTS, nodeStats, planOf, statsFrame, trainedFrames, withActivation } from './instruments-support';

const plan = planOf();

function historyOf(frames = trainedFrames(plan, 6), capacity = {}) {
  const history = new RunHistory(plan, INSTRUMENTS, capacity);
  for (const frame of frames) history.appendFrame(frame);
  return history;
}

describe('network layout', () => {
  it('orders the nodes as the frames do and reads each Dense layer’s fan-in, initializer and signal', () => {
    const layout = networkLayout(plan);
    expect(layout.nodes.map((node) => node.nodeId)).toEqual(['input', 'dense1', 'act1', 'dense2', 'act2', 'logits']);
    expect(layout.dense.map(({ nodeId, depth, fanIn, fanOut, signalNodeId, inputNodeId }) => ({ nodeId, depth, fanIn, fanOut, signalNodeId, inputNodeId }))).toEqual([
      { nodeId: 'dense1', depth: 1, fanIn: 2, fanOut: 32, signalNodeId: 'act1', inputNodeId: 'input' },
      { nodeId: 'dense2', depth: 2, fanIn: 32, fanOut: 32, signalNodeId: 'act2', inputNodeId: 'act1' },
      { nodeId: 'logits', depth: 3, fanIn: 32, fanOut: 2, signalNodeId: 'logits', inputNodeId: 'act2' },
    ]);
    // PyTorch's default U(±1/√fan_in) has std 1/√(3·fan_in).
    expect(layout.dense[1].initStd).toBeCloseTo(1 / Math.sqrt(96), 12);
  });

  it('reads a Dense layer’s signal through BatchNorm and Dropout', () => {
    const bnPlan = planOf((doc) => {
      const nodes = doc.graph.nodes;
      nodes.splice(2, 0, { id: 'bn1', kind: 'batchnorm', params: {}, position: { x: 300, y: 0 } }, { id: 'drop1', kind: 'dropout', params: { rate: 0.2 }, position: { x: 350, y: 0 } });
      doc.graph.edges = nodes.slice(1).map((target, index) => ({ id: `e${index}`, source: nodes[index].id, target: target.id }));
    });
    expect(networkLayout(bnPlan).dense[0].signalNodeId).toBe('act1');
  });
});

describe('run history', () => {
  it('keeps every metric point, one test point per frame and every measurement', () => {
    const frames = trainedFrames(plan, 6);
    const history = historyOf(frames);
    expect(history.train.length).toBe(30);
    expect(history.test.length).toBe(6);
    expect(history.measurements).toBe(6);
    expect(history.step).toBe(30);
    expect(history.measurementStep(5)).toBe(30);
    const last = frames[5].stats[0].nodes.find((node) => node.nodeId === 'dense2')!;
    expect(history.nodeValue(5, 'dense2', 'outputStd')).toBe(last.output.std);
    expect(history.nodeValue(5, 'dense2', 'weightGradientMeanAbs')).toBe(last.weight!.gradient.meanAbs);
    expect(history.percentile(5, 'act1', 2)).toBe(frames[5].stats[0].nodes[2].percentiles[2]);
    expect(history.latest.get('act2')).toBe(frames[5].stats[0].nodes[4]);
    // A tanh has no dead units: the field is NaN, not 0.
    expect(history.nodeValue(0, 'act1', 'dead')).toBeNaN();
    expect(NODE_FIELDS).toContain('updateRatio');
  });

  it('stays bounded: the oldest measurements and points go first', () => {
    const history = historyOf(trainedFrames(plan, 6), { statsCapacity: 4, metricCapacity: 8 });
    expect(history.measurements).toBe(4);
    expect(history.measurementStep(0)).toBe(15);
    expect(history.train.length).toBe(8);
    expect(history.train.get(0)).toBe(23);
    expect(history.stats.dropped).toBe(2);
  });

  it('names the node and the count when a frame does not fit the run', () => {
    const history = new RunHistory(plan, INSTRUMENTS);
    expect(() => history.appendFrame(statsFrame(5, [nodeStats('ghost', {})]))).toThrow(/no node 'ghost'/);
    expect(() => history.appendFrame(statsFrame(5, [nodeStats('act1', { percentiles: [1, 2] })]))).toThrow(/'act1' reports 2 percentiles, the run measures 5/);
  });

  it('starts over on clear', () => {
    const history = historyOf();
    const version = history.version;
    history.clear();
    expect([history.train.length, history.test.length, history.measurements, history.latest.size, history.step]).toEqual([0, 0, 0, 0, 0]);
    expect(history.version).toBeGreaterThan(version);
  });
});

describe('loss and accuracy', () => {
  it('gives train points per report and test points per frame, bounded', () => {
    const data = lossAccuracyData(historyOf(), { maxPoints: 10 });
    expect(data.trainLoss.length).toBeLessThanOrEqual(10);
    expect(data.trainLoss[0].step).toBe(1);
    expect(data.trainLoss[data.trainLoss.length - 1].step).toBe(30);
    expect(data.testAccuracy.map((point) => point.step)).toEqual([5, 10, 15, 20, 25, 30]);
    for (const point of data.trainAccuracy) expect(point.value).toBeGreaterThanOrEqual(0);
  });

  it('leaves gaps on a log axis where a value is not positive', () => {
    const history = new RunHistory(plan, INSTRUMENTS);
    history.appendFrame({ ...statsFrame(3, []), steps: Float64Array.from([1, 2, 3]), loss: Float32Array.from([0.5, 0, NaN]), accuracy: Float32Array.from([0, 0, 0]), stats: [] });
    expect(lossAccuracyData(history, { logScale: true }).trainLoss.map((point) => point.value)).toEqual([0.5, null, null]);
    expect(lossAccuracyData(history).trainLoss.map((point) => point.value)).toEqual([0.5, 0, null]);
  });

  it('gives any node field as a series', () => {
    const history = historyOf();
    const series = nodeSeries(history, 'dense1', 'updateRatio', { logScale: true });
    expect(series).toHaveLength(6);
    for (const point of series) expect(point.value).toBeGreaterThan(0);
  });
});

describe('distribution bands', () => {
  it('picks min/max, the ranks nearest 15 and 85, and the median', () => {
    expect(bandRanks([0, 15, 50, 85, 100])).toEqual({ outer: [0, 4], inner: [1, 3], median: 2 });
    expect(bandRanks([5, 95])).toEqual({ outer: [0, 1], inner: null, median: null });
    expect(bandRanks([0, 10, 90, 100])).toEqual({ outer: [0, 3], inner: [1, 2], median: null });
    expect(bandRanks([50])).toBeNull();
  });

  it('reads every percentile of every measurement', () => {
    const history = new RunHistory(plan, INSTRUMENTS);
    history.appendFrame(statsFrame(5, [nodeStats('act1', { percentiles: [-2, -1, 0.25, 1, 3] })]));
    history.appendFrame(statsFrame(10, [nodeStats('act1', { percentiles: [-1, -0.5, 0, 0.5, 1] })]));
    const bands = distributionBands(history, 'act1')!;
    expect(bands.points).toEqual([
      { step: 5, fromStep: 5, outer: [-2, 3], inner: [-1, 1], median: 0.25, values: [-2, -1, 0.25, 1, 3] },
      { step: 10, fromStep: 10, outer: [-1, 1], inner: [-0.5, 0.5], median: 0, values: [-1, -0.5, 0, 0.5, 1] },
    ]);
    expect(distributionBands(history, 'nobody')).toBeNull();
  });

  it('merges measurements into their envelope when downsampling', () => {
    const history = new RunHistory(plan, INSTRUMENTS);
    history.appendFrame(statsFrame(5, [nodeStats('act1', { percentiles: [-2, -1, 0.2, 1, 3] })]));
    history.appendFrame(statsFrame(10, [nodeStats('act1', { percentiles: [-4, -0.5, 0.4, 2, 1] })]));
    const [merged] = distributionBands(history, 'act1', 1)!.points;
    expect(merged).toMatchObject({ step: 10, fromStep: 5, outer: [-4, 3], inner: [-1, 2] });
    expect(merged.median).toBeCloseTo(0.3, 12);
  });

  it('reads the point nearest the pointer', () => {
    const points = [{ step: 5 }, { step: 10 }, { step: 20 }];
    expect(nearestPoint(points, 16)).toEqual({ step: 20 });
    expect(nearestPoint(points, 7)).toEqual({ step: 5 });
    expect(nearestPoint([], 7)).toBeNull();
  });
});

describe('depth profile, layer health, theory', () => {
  const measured = (nodeId: string, values: Parameters<typeof nodeStats>[1]) => nodeStats(nodeId, values);
  const frame = statsFrame(50, [
    measured('input', { rms: 2 }),
    measured('dense1', { std: 1.1, weight: { std: 0.5, gradient: 1e-3, updateRatio: 1e-3 } }),
    { ...measured('act1', { std: 0.7 }), saturatedFraction: 0.25 },
    measured('dense2', { std: 0.3, weight: { std: 0.1, gradient: 0, updateRatio: 2e-3 } }),
    { ...measured('act2', { std: 0.2 }), saturatedFraction: 0.5 },
    measured('logits', { std: 0.05, weight: { std: 0.1, gradient: 1e-7, updateRatio: 0 } }),
  ]);
  const history = new RunHistory(plan, INSTRUMENTS);
  history.appendFrame(frame);

  it('gives per Dense layer mean |dL/dW| (log-safe) and the std of its activation', () => {
    expect(depthProfile(history)).toEqual([
      { depth: 1, nodeId: 'dense1', gradient: 1e-3, activationStd: 0.7 },
      { depth: 2, nodeId: 'dense2', gradient: null, activationStd: 0.2 },
      { depth: 3, nodeId: 'logits', gradient: 1e-7, activationStd: 0.05 },
    ]);
    expect(depthProfile(new RunHistory(plan, INSTRUMENTS))).toEqual([]);
  });

  it('gives saturation of the activation and the update ratio of the weights', () => {
    expect(layerHealth(history)).toEqual([
      { depth: 1, nodeId: 'dense1', saturated: 0.25, dead: null, updateRatio: 1e-3 },
      { depth: 2, nodeId: 'dense2', saturated: 0.5, dead: null, updateRatio: 2e-3 },
      { depth: 3, nodeId: 'logits', saturated: null, dead: null, updateRatio: null },
    ]);
  });

  it('reads dead ReLU units', () => {
    const reluPlan = planOf(withActivation('relu'));
    const reluHistory = new RunHistory(reluPlan, INSTRUMENTS);
    for (const trained of trainedFrames(reluPlan, 1)) reluHistory.appendFrame(trained);
    const [first] = layerHealth(reluHistory);
    expect(first.saturated).toBeNull();
    expect(first.dead).toBeGreaterThanOrEqual(0);
    expect(first.dead).toBeLessThanOrEqual(1);
  });

  it('predicts a Dense layer’s output std from fan-in, σ_w and the rms of its input', () => {
    const [first, second] = theoryVersusMeasurement(history);
    const initStd = 1 / Math.sqrt(3 * 2);
    expect(first.predictedStd).toBeCloseTo(Math.sqrt(2) * initStd * 2, 12);
    expect(first.predictedStdNow).toBeCloseTo(Math.sqrt(2) * 0.5 * 2, 12);
    expect(first.measuredStd).toBe(1.1);
    // act1's rms is 0 in this frame: the prediction for dense2 is 0, not missing.
    expect(second.predictedStd).toBe(0);
  });

  it('agrees with the measured std at initialisation on a real network', () => {
    // Large fan-in, a few steps at a tiny learning rate: the initial weights, independent of the data.
    const widePlan = planOf((doc) => {
      for (const node of doc.graph.nodes) if (node.kind === 'dense' && node.id !== 'logits') node.params.units = 256;
      doc.training.learningRate = 1e-6;
      doc.training.batchSize = 128;
    });
    const wide = new RunHistory(widePlan, INSTRUMENTS);
    for (const trained of trainedFrames(widePlan, 1)) wide.appendFrame(trained);
    const [, second] = theoryVersusMeasurement(wide);
    expect(second.measuredStd! / second.predictedStd!).toBeGreaterThan(0.85);
    expect(second.measuredStd! / second.predictedStd!).toBeLessThan(1.15);
  });
});

describe('histograms and shared axes', () => {
  it('turns counts into bars over the range, with fractions of everything counted', () => {
    const data = histogramData({ lo: -1, hi: 1, counts: Uint32Array.from([1, 3]), below: 2, above: 1, nan: 1 });
    expect(data.total).toBe(8);
    expect(data.bars).toEqual([
      { x0: -1, x1: 0, mid: -0.5, count: 1, fraction: 0.125 },
      { x0: 0, x1: 1, mid: 0.5, count: 3, fraction: 0.375 },
    ]);
  });

  it('spans every drawable value of several series', () => {
    expect(sharedExtent([[1, null, 3], [-2, NaN], []])).toEqual([-2, 3]);
    expect(sharedExtent([[null]])).toBeNull();
  });
});
