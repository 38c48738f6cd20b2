import { describe, expect, it } from 'vitest';
import { selectKernels } from '../../engine/kernels/select';
import type { BatchNormLayer } from '../../engine/layers/batchnorm';
import { MAX_GRID_SIDE, ProbeError, probeGrid, probeSample, type GridProbe } from '../../engine/probe';
import { transferablesOf, type FromWorker, type ProbeReply, type ToWorker } from '../../engine/protocol';
import { createTrainer, type StepResult, type Trainer } from '../../engine/train';
import { createWorkerHost } from '../../engine/worker/host';
import { planOf, withBatchNormAndDropout } from './run-support';
import { createMessageLog, isState } from './worker-harness';

const stepsOf = (trainer: Trainer, count: number): StepResult[] => Array.from({ length: count }, () => trainer.step());
const parametersOf = (trainer: Trainer): Float32Array[] => trainer.layers.flatMap((layer) => layer.parameters.map((parameter) => parameter.value.slice()));
const weightOf = (trainer: Trainer, nodeId: string, name: 'weight' | 'bias') => trainer.tensors(nodeId)!.parameters.find((parameter) => parameter.name === name)!;

/** The default network (dense → tanh → dense → tanh → dense, softmax), computed by hand in float64. */
function manualProbabilities(trainer: Trainer, x: number, y: number): number[] {
  let values = [x, y];
  for (const layer of trainer.plan.layers) {
    if (layer.kind === 'dense') {
      const weight = weightOf(trainer, layer.nodeId, 'weight');
      const bias = weightOf(trainer, layer.nodeId, 'bias');
      values = Array.from({ length: layer.units }, (_, unit) => values.reduce((sum, value, i) => sum + value * weight.value[unit * layer.inWidth + i], bias.value[unit]));
    } else if (layer.kind === 'activation' && layer.fn === 'tanh') values = values.map(Math.tanh);
    else throw new Error(`The manual pass does not know ${layer.kind}`);
  }
  const top = Math.max(...values);
  const exponents = values.map((value) => Math.exp(value - top));
  const sum = exponents.reduce((a, b) => a + b, 0);
  return exponents.map((value) => value / sum);
}

const grid: GridProbe = { x: [-1, 1], y: [-0.5, 1.5], columns: 3, rows: 2 };

describe('probeGrid', () => {
  it('gives the softmax of a forward pass at every cell centre, row 0 at y0', () => {
    const trainer = createTrainer(planOf());
    stepsOf(trainer, 25);
    const answer = probeGrid(trainer, grid);
    expect(answer).toMatchObject({ step: 25, x: [-1, 1], y: [-0.5, 1.5], columns: 3, rows: 2, classes: 2 });
    expect(answer.probabilities).toHaveLength(3 * 2 * 2);
    const centresX = [-2 / 3, 0, 2 / 3];
    const centresY = [0, 1];
    for (let row = 0; row < 2; row++) {
      for (let column = 0; column < 3; column++) {
        const expected = manualProbabilities(trainer, Math.fround(centresX[column]), Math.fround(centresY[row]));
        const cell = (row * 3 + column) * 2;
        expected.forEach((p, k) => expect(answer.probabilities[cell + k]).toBeCloseTo(p, 5));
      }
    }
  });

  it('answers grids larger than the evaluation buffers, cell for cell as small ones', () => {
    const trainer = createTrainer(planOf());
    stepsOf(trainer, 10);
    const large = probeGrid(trainer, { x: [-2, 2], y: [-2, 2], columns: 40, rows: 30 });
    // The top-right corner cell alone: same input, same probabilities.
    const cornerX = -2 + (39.5 * 4) / 40;
    const cornerY = -2 + (29.5 * 4) / 30;
    const corner = probeGrid(trainer, { x: [cornerX - 0.05, cornerX + 0.05], y: [cornerY - 0.05, cornerY + 0.05], columns: 1, rows: 1 });
    expect(Array.from(large.probabilities.subarray((29 * 40 + 39) * 2))).toEqual(Array.from(corner.probabilities));
  });

  it('names the field of a bad request', () => {
    const trainer = createTrainer(planOf());
    const fieldOf = (probe: GridProbe) => {
      try {
        probeGrid(trainer, probe);
      } catch (error) {
        expect(error).toBeInstanceOf(ProbeError);
        return [(error as ProbeError).field, (error as Error).message];
      }
      throw new Error('no error');
    };
    expect(fieldOf({ ...grid, columns: 0 })).toEqual(['columns', expect.stringMatching(/columns must be a whole number from 1 to 256, got 0/)]);
    expect(fieldOf({ ...grid, rows: MAX_GRID_SIDE + 1 })[0]).toBe('rows');
    expect(fieldOf({ ...grid, rows: 2.5 })[0]).toBe('rows');
    expect(fieldOf({ ...grid, x: [1, 1] })).toEqual(['x', expect.stringMatching(/x must be a range/)]);
    expect(fieldOf({ ...grid, y: [0, NaN] })[0]).toBe('y');
  });

  it('refuses a network that does not read a 2-D plane', () => {
    const letters = createTrainer(
      planOf((doc) => {
        doc.dataset = { kind: 'letters', trainSize: 40, testSize: 20 };
        doc.graph.nodes.find((candidate) => candidate.id === 'logits')!.params.units = 26;
      }),
    );
    expect(() => probeGrid(letters, grid)).toThrow(/2 inputs; this one reads 841/);
  });
});

describe('probeSample', () => {
  it('gives the example, every layer output of the evaluation pass and the first Dense weights', () => {
    const trainer = createTrainer(planOf(withBatchNormAndDropout));
    stepsOf(trainer, 12);
    const sample = probeSample(trainer, { split: 'test', index: 7 });
    const { test } = trainer.data;
    expect(sample).toMatchObject({ step: 12, split: 'test', index: 7, splitRows: test.rows, label: test.labels[7] });
    expect(Array.from(sample.input)).toEqual(Array.from(test.features.subarray(14, 16)));
    const nodeIds = trainer.plan.layers.map((layer) => layer.nodeId);
    expect(sample.layers.map((layer) => layer.nodeId)).toEqual(nodeIds);
    const expected = trainer.infer(sample.input, 1, nodeIds);
    sample.layers.forEach((layer, k) => expect(Array.from(layer.values)).toEqual(Array.from(expected[k])));
    // Dropout is the identity in evaluation mode.
    const drop = nodeIds.indexOf('drop');
    expect(Array.from(sample.layers[drop].values)).toEqual(Array.from(sample.layers[drop - 1].values));
    const weight = weightOf(trainer, 'dense1', 'weight');
    expect(sample.firstWeights).toMatchObject({ nodeId: 'dense1', rows: 32, columns: 2 });
    expect(Array.from(sample.firstWeights!.values)).toEqual(Array.from(weight.value));
    expect(sample.firstWeights!.values).not.toBe(weight.value);
  });

  it('names the field of a bad request', () => {
    const trainer = createTrainer(planOf());
    const rows = trainer.data.train.rows;
    expect(() => probeSample(trainer, { split: 'train', index: rows })).toThrow(new RegExp(`index must be a whole number from 0 to ${rows - 1}`));
    expect(() => probeSample(trainer, { split: 'train', index: -1 })).toThrow(ProbeError);
    expect(() => probeSample(trainer, { split: 'valid' as 'train', index: 0 })).toThrow(/split must be 'train' or 'test'/);
  });
});

describe('probing leaves training bit-identical', () => {
  it('every loss and every parameter, BatchNorm running statistics and dropout masks included', () => {
    const plan = planOf((doc) => {
      withBatchNormAndDropout(doc);
      doc.training.optimizer = 'adam';
    });
    const plain = createTrainer(plan, { kernels: selectKernels() });
    const probed = createTrainer(plan, { kernels: selectKernels() });
    for (let step = 1; step <= 40; step++) {
      probeGrid(probed, { x: [-3, 3], y: [-3, 3], columns: 20, rows: 20 });
      probeSample(probed, { split: step % 2 === 0 ? 'train' : 'test', index: step });
      expect(probed.step()).toEqual(plain.step());
      expect(parametersOf(probed)).toEqual(parametersOf(plain));
    }
    const bn = (trainer: Trainer) => trainer.layers.find((layer) => layer.nodeId === 'bn') as BatchNormLayer;
    expect(Array.from(bn(probed).runningMean)).toEqual(Array.from(bn(plain).runningMean));
    expect(Array.from(bn(probed).runningVariance)).toEqual(Array.from(bn(plain).runningVariance));
    expect(probed.evaluate(probed.data.test)).toEqual(plain.evaluate(plain.data.test));
  });
});

describe('probes in the worker host', () => {
  function hostWithLog() {
    const log = createMessageLog();
    const transfers = new Map<FromWorker, ArrayBuffer[]>();
    const host = createWorkerHost((message, transfer) => {
      transfers.set(message, transfer);
      log.receive(message);
      if (message.type === 'frame') setTimeout(() => host.receive({ type: 'ack', seq: message.seq }), 0);
    });
    return { host, log, transfers };
  }
  const isReply = (requestId: number) => (message: FromWorker): message is ProbeReply =>
    (message.type === 'grid' || message.type === 'sample' || message.type === 'probe-error') && message.requestId === requestId;
  const start = (fields: Partial<Extract<ToWorker, { type: 'start' }>> = {}): ToWorker => ({ type: 'start', runId: 'r', plan: planOf((doc) => (doc.training.steps = 60)), instruments: null, ...fields });

  it('answers with a clear error before there is a run or a model', async () => {
    const { host, log } = hostWithLog();
    host.receive({ type: 'probe-sample', requestId: 1, split: 'train', index: 0 });
    expect(log.messages).toEqual([{ type: 'probe-error', runId: '', requestId: 1, field: null, message: 'This worker has no run to probe.' }]);
    host.receive(start({ paused: true }));
    // The data loads asynchronously: the model is not built yet.
    host.receive({ type: 'probe-grid', requestId: 2, ...grid });
    expect(await log.waitFor(isReply(2))).toMatchObject({ type: 'probe-error', runId: 'r', field: null, message: expect.stringMatching(/no model yet: its data is still loading/) });
  });

  it('answers probes while training and after the end, transfers the arrays, and a bad probe fails nothing', async () => {
    const { host, log, transfers } = hostWithLog();
    host.receive(start());
    await log.waitFor((message) => message.type === 'state' && message.state === 'running');
    host.receive({ type: 'probe-grid', requestId: 1, ...grid, columns: 0 });
    expect(await log.waitFor(isReply(1))).toMatchObject({ type: 'probe-error', field: 'columns' });
    await log.waitFor(isState('finished'));
    expect(log.messages.some((message) => message.type === 'error')).toBe(false);

    host.receive({ type: 'probe-grid', requestId: 2, ...grid });
    host.receive({ type: 'probe-sample', requestId: 3, split: 'train', index: 5 });
    const gridReply = await log.waitFor(isReply(2));
    const sampleReply = await log.waitFor(isReply(3));
    if (gridReply.type !== 'grid' || sampleReply.type !== 'sample') throw new Error('expected a grid and a sample');

    // The same plan trained to the same step by hand gives the same answers.
    const trainer = createTrainer(planOf((doc) => (doc.training.steps = 60)), { kernels: selectKernels() });
    stepsOf(trainer, 60);
    expect(gridReply).toEqual({ type: 'grid', runId: 'r', requestId: 2, ...probeGrid(trainer, grid) });
    expect(sampleReply).toEqual({ type: 'sample', runId: 'r', requestId: 3, ...probeSample(trainer, { split: 'train', index: 5 }) });
    expect(transfers.get(gridReply)).toEqual([gridReply.probabilities.buffer]);
    expect(transfers.get(sampleReply)).toEqual(transferablesOf(sampleReply));
    expect(transfers.get(sampleReply)).toHaveLength(2 + sampleReply.layers.length);
  });

  it('a run probed throughout trains bit-identically to one that is not', async () => {
    const plan = planOf((doc) => {
      withBatchNormAndDropout(doc);
      Object.assign(doc.training, { steps: 1500, reportEvery: 1 });
    });
    const log = createMessageLog();
    let requestId = 0;
    let ended = false;
    const probe = () =>
      setTimeout(() => {
        requestId += 1;
        host.receive(requestId % 2 ? { type: 'probe-grid', requestId, ...grid } : { type: 'probe-sample', requestId, split: 'test', index: 3 });
      }, 0);
    // Frames acknowledged at once, and a new probe as soon as the last is answered, until the run ends.
    const host = createWorkerHost((message) => {
      log.receive(message);
      if (message.type === 'frame') setTimeout(() => host.receive({ type: 'ack', seq: message.seq }), 0);
      if (message.type === 'state') ended = message.state === 'finished';
      if ((message.type === 'state' && message.state === 'running') || (!ended && (message.type === 'grid' || message.type === 'sample'))) probe();
    });
    host.receive(start({ plan }));
    await log.waitFor(isState('finished'));
    const answered = log.messages.filter((message) => message.type === 'grid' || message.type === 'sample');
    expect(answered.length).toBeGreaterThan(2);

    const plain = createTrainer(plan, { kernels: selectKernels() });
    const losses = stepsOf(plain, 1500).map((result) => (result.kind === 'step' ? Math.fround(result.loss) : NaN));
    const frames = log.messages.filter((message) => message.type === 'frame');
    expect(frames.flatMap((frame) => Array.from(frame.loss))).toEqual(losses);
    const last = requestId + 1;
    host.receive({ type: 'probe-sample', requestId: last, split: 'test', index: 3 });
    expect(await log.waitFor(isReply(last))).toEqual({ type: 'sample', runId: 'r', requestId: last, ...probeSample(plain, { split: 'test', index: 3 }) });
  });
});
