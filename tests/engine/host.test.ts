import { describe, expect, it } from 'vitest';
import type { CompiledPlan } from '../../engine/document/plan';
import type { FromWorker, RunInstruments, StatFrame, ToWorker } from '../../engine/protocol';
import { selectKernels } from '../../engine/kernels/select';
import { resolveInstruments } from '../../engine/run/instruments';
import { createTrainer } from '../../engine/train';
import { createWorkerHost, type WorkerHostOptions } from '../../engine/worker/host';
import { measureTrainer } from '../../engine/worker/measure';
import type { BatchNormLayer } from '../../engine/layers/batchnorm';
import { lossesByStep, planOf } from './run-support';
import { createMessageLog, isFrame, isState } from './worker-harness';

/**
 * An in-process host whose frames are acknowledged on the next macrotask (as a prompt
 * consumer would), unless `ack` is false: then the test acknowledges with `acknowledge`.
 */
function hostWithLog({ ack = true, ...options }: WorkerHostOptions & { ack?: boolean } = {}) {
  const log = createMessageLog();
  const transfers: ArrayBuffer[][] = [];
  const host = createWorkerHost((message, transfer) => {
    transfers.push(transfer);
    log.receive(message);
    if (ack && message.type === 'frame') setTimeout(() => host.receive({ type: 'ack', seq: message.seq }), 0);
  }, options);
  const acknowledge = (frame: StatFrame) => host.receive({ type: 'ack', seq: frame.seq });
  return { host, log, transfers, acknowledge };
}

const start = (plan: CompiledPlan, fields: Partial<Extract<ToWorker, { type: 'start' }>> = {}): ToWorker => ({
  type: 'start',
  runId: 'r',
  plan,
  instruments: null,
  ...fields,
});

const framesOf = (messages: readonly FromWorker[]): StatFrame[] => messages.filter(isFrame);

/** Every Dense weight and bias, BatchNorm γ/β: the whole trained state. */
const parametersOf = (trainer: ReturnType<typeof createTrainer>): Float32Array[] =>
  trainer.layers.flatMap((layer) => layer.parameters.map((parameter) => parameter.value.slice()));

describe('createWorkerHost', () => {
  it('records a point every reportEvery steps plus the last step, and transfers the frame arrays', async () => {
    const { host, log, transfers } = hostWithLog();
    host.receive(start(planOf((d) => Object.assign(d.training, { steps: 25, reportEvery: 10 }))));
    await log.waitFor(isState('finished'));
    const frames = framesOf(log.messages);
    expect(frames.flatMap((frame) => [...frame.steps])).toEqual([10, 20, 25]);
    frames.forEach((frame) => {
      const transfer = transfers[log.messages.indexOf(frame)];
      expect(transfer).toEqual([frame.steps.buffer, frame.loss.buffer, frame.accuracy.buffer]);
      // Coalesced frames evaluate the test set only now and then; the run's last frame always does.
      if (frame.test) {
        expect(frame.test.accuracy).toBeGreaterThanOrEqual(0);
        expect(frame.test.loss).toBeGreaterThan(0);
      }
    });
    expect(frames.at(-1)!.test).not.toBeNull();
    expect(frames.map((frame) => frame.seq)).toEqual(frames.map((_, i) => i + 1));
    expect(log.messages.at(-1)).toEqual({ type: 'state', runId: 'r', state: 'finished', step: 25 });
  });

  it('ignores commands when no run is active', () => {
    const { host, log } = hostWithLog();
    for (const type of ['pause', 'resume', 'step', 'stop', 'reset'] as const) host.receive({ type });
    host.receive({ type: 'ack', seq: 3 });
    expect(log.messages).toEqual([]);
  });

  it('stops the current run when a new one starts', async () => {
    const { host, log } = hostWithLog();
    host.receive(start(planOf((d) => (d.training.steps = 1_000_000)), { runId: 'first' }));
    await log.waitFor(isFrame);
    host.receive(start(planOf((d) => (d.training.steps = 30)), { runId: 'second' }));
    await log.waitFor(isState('finished'));
    const states = log.messages.filter((message) => message.type === 'state').map((message) => `${message.runId}:${message.state}`);
    expect(states).toEqual(['first:running', 'first:stopped', 'second:running', 'second:finished']);
    const firstStopped = log.messages.findIndex(isState('stopped'));
    expect(log.messages.slice(firstStopped + 1).every((message: FromWorker) => message.runId === 'second')).toBe(true);
  });

  it('reports a malformed message as an error instead of throwing', () => {
    const { host, log } = hostWithLog();
    expect(() => host.receive(null as unknown as ToWorker)).not.toThrow();
    expect(log.messages[0]).toMatchObject({ type: 'error', message: expect.any(String), source: 'worker' });
    expect(log.messages[1]).toMatchObject({ type: 'state', state: 'failed' });
  });

  it('trains for a number of epochs instead of the plan steps when asked: 3 × 10 steps', async () => {
    const { host, log } = hostWithLog();
    host.receive(start(planOf(), { epochs: 3 }));
    const finished = await log.waitFor(isState('finished'));
    expect(finished.step).toBe(30);
    expect(framesOf(log.messages).at(-1)!.epoch).toBe(3);
  });

  it('starts paused when asked, then takes single steps, each measured and posted', async () => {
    const { host, log } = hostWithLog();
    host.receive(start(planOf((d) => (d.training.reportEvery = 10)), { paused: true, instruments: resolveInstruments({ every: 1000 }) }));
    await log.waitFor(isState('paused'));
    for (let i = 1; i <= 3; i++) {
      host.receive({ type: 'step' });
      const paused = await log.waitFor((message) => message.type === 'state' && message.step === i);
      expect(paused).toMatchObject({ state: 'paused' });
      await log.waitFor((message) => message.type === 'frame' && message.step === i);
    }
    const frames = framesOf(log.messages);
    expect(frames.map((frame) => [...frame.steps])).toEqual([[1], [2], [3]]);
    expect(frames.map((frame) => frame.stats.map((measurement) => measurement.step))).toEqual([[1], [2], [3]]);
  });
});

describe('instruments in the host', () => {
  const instruments: RunInstruments = resolveInstruments({ every: 7 });

  it('measuring leaves training bit-identical: every parameter and every loss', () => {
    const plan = planOf((d) => {
      d.training.optimizer = 'adam';
      d.training.l2 = 1e-3;
    });
    const plain = createTrainer(plan);
    const measuredTrainer = createTrainer(plan);
    const measured = measureTrainer(measuredTrainer, instruments);
    for (let step = 1; step <= 60; step++) {
      const a = plain.step();
      const { result, stats } = measured.step(step % 3 === 0);
      expect(result).toEqual(a);
      expect(stats === null).toBe(step % 3 !== 0);
    }
    expect(parametersOf(measuredTrainer)).toEqual(parametersOf(plain));
  });

  it('measures every node after the step: weights with their update ratio, activations from their pre-activation', () => {
    const plan = planOf();
    const trainer = createTrainer(plan);
    const measured = measureTrainer(trainer, instruments);
    measured.step(false);
    const dense1 = trainer.layers[0].parameters.find((parameter) => parameter.name === 'weight')!;
    const before = dense1.value.slice();
    const { stats } = measured.step(true);
    expect(stats!.step).toBe(2);
    expect(stats!.nodes.map((node) => node.nodeId)).toEqual(['input', 'dense1', 'act1', 'dense2', 'act2', 'logits']);
    const [input, first, act1] = stats!.nodes;
    expect(input.weight).toBeNull();
    expect(input.outputGradient).toBeNull();
    let delta = 0;
    let norm = 0;
    dense1.value.forEach((value, i) => {
      delta += (value - before[i]) ** 2;
      norm += before[i] ** 2;
    });
    expect(first.weight!.updateRatio).toBeCloseTo(Math.sqrt(delta / norm), 12);
    expect(first.weight!.histogram!.counts.length).toBe(instruments.histogramBins);
    expect(act1.percentileSource).toBe('preActivation');
    expect([...act1.percentiles]).toEqual([...first.percentiles]);
    expect(act1.saturatedFraction).not.toBeNull();
  });

  it('measures a BatchNorm node per unit: batch against running statistics, γ and β, copied out of the layer', () => {
    const plan = planOf((doc) => {
      doc.graph.nodes.push({ id: 'bn', kind: 'batchnorm', params: {}, position: { x: 0, y: 0 } });
      doc.graph.edges = [
        ...doc.graph.edges.filter((edge) => edge.target !== 'act1'),
        { id: 'd-bn', source: 'dense1', target: 'bn' },
        { id: 'bn-a', source: 'bn', target: 'act1' },
      ];
    });
    const trainer = createTrainer(plan);
    const measured = measureTrainer(trainer, instruments);
    measured.step(false);
    const { stats } = measured.step(true);
    const bn = stats!.nodes.find((node) => node.nodeId === 'bn')!;
    const dense = stats!.nodes.find((node) => node.nodeId === 'dense1')!;
    expect(stats!.nodes.filter((node) => node.batchNorm !== null).map((node) => node.nodeId)).toEqual(['bn']);
    const layer = trainer.layers[plan.layers.findIndex((entry) => entry.nodeId === 'bn')] as BatchNormLayer;
    const input = trainer.tensors('dense1')!;
    const width = input.width;
    for (let unit = 0; unit < width; unit++) {
      const column = Array.from({ length: input.rows }, (_, row) => input.output[row * width + unit]);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      expect(bn.batchNorm!.batchMean[unit]).toBeCloseTo(mean, 5);
      expect(bn.batchNorm!.batchVariance[unit]).toBeCloseTo(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length, 5);
    }
    expect([...bn.batchNorm!.runningMean]).toEqual([...layer.runningMean]);
    expect([...bn.batchNorm!.runningVariance]).toEqual([...layer.runningVariance]);
    expect([...bn.batchNorm!.gamma!]).toEqual([...layer.gamma!]);
    expect([...bn.batchNorm!.beta!]).toEqual([...layer.beta!]);
    // Copies, carried in the frame's one transferable buffer: training on never changes them.
    expect(bn.batchNorm!.runningMean.buffer).toBe(dense.percentiles.buffer);
    const kept = [...bn.batchNorm!.runningMean];
    measured.step(false);
    expect([...bn.batchNorm!.runningMean]).toEqual(kept);
    expect([...layer.runningMean]).not.toEqual(kept);
  });

  it('a run with instruments posts the same losses as one without, and stats every `every` steps', async () => {
    const plan = planOf((d) => Object.assign(d.training, { steps: 60, reportEvery: 1 }));
    const run = async (measure: RunInstruments | null) => {
      const { host, log, transfers } = hostWithLog();
      host.receive(start(plan, { instruments: measure, delivery: 'lockstep' }));
      await log.waitFor(isState('finished'));
      return { frames: framesOf(log.messages), transfers: transfers.filter((_, i) => log.messages[i].type === 'frame') };
    };
    const off = await run(null);
    const on = await run(instruments);
    expect([...lossesByStep(on.frames)]).toEqual([...lossesByStep(off.frames)]);
    expect(off.frames.every((frame) => frame.stats.length === 0)).toBe(true);
    // Lockstep: a frame after every measured step (7, 14, …, 56) and at the last one (60).
    expect(on.frames.every((frame) => frame.stats.length === 1)).toBe(true);
    const measuredSteps = on.frames.map((frame) => frame.stats[0].step);
    expect(measuredSteps).toEqual([7, 14, 21, 28, 35, 42, 49, 56, 60]);
    expect(on.frames.map((frame) => frame.step)).toEqual(measuredSteps);
    // The stats' arrays travel in the transfer list too.
    const [firstFrame] = on.frames;
    expect(on.transfers[0]).toContain(firstFrame.stats[0].nodes[0].percentiles.buffer);
  });
});

describe('flow control', () => {
  it('keeps one frame in flight, and bounds the waiting points by merging neighbours exactly', async () => {
    const plan = planOf((d) => (d.training.reportEvery = 1));
    const { host, log, acknowledge } = hostWithLog({ ack: false, maxPendingPoints: 8 });
    host.receive(start(plan, { paused: true }));
    await log.waitFor(isState('paused'));
    host.receive({ type: 'step' });
    const [first] = framesOf(log.messages);
    expect([...first.steps]).toEqual([1]);
    // Unacknowledged: 40 more steps are taken and reported, but no frame goes out.
    for (let i = 0; i < 40; i++) host.receive({ type: 'step' });
    expect(framesOf(log.messages)).toEqual([first]);
    expect(log.messages.at(-1)).toEqual({ type: 'state', runId: 'r', state: 'paused', step: 41 });

    acknowledge(first);
    const second = framesOf(log.messages)[1];
    expect(second.steps.length).toBeLessThanOrEqual(8);
    expect([second.steps[0] > 1, second.steps.at(-1), second.step]).toEqual([true, 41, 41]);

    // The merged points are the exact means of the per-step losses of a run without pressure.
    const reference = createTrainer(plan, { kernels: selectKernels() });
    const losses = Array.from({ length: 41 }, () => {
      const result = reference.step();
      if (result.kind !== 'step') throw new Error(result.message);
      return result.loss;
    });
    let previous = 1;
    second.steps.forEach((step, i) => {
      const window = losses.slice(previous, step);
      expect(second.loss[i]).toBeCloseTo(window.reduce((sum, loss) => sum + loss, 0) / window.length, 6);
      previous = step;
    });
  });

  it('lockstep: training waits at a measured step while a frame is unacknowledged', async () => {
    const plan = planOf((d) => Object.assign(d.training, { steps: 100, reportEvery: 5 }));
    // One chunk of training runs until it must wait, however loaded the machine.
    const { host, log, acknowledge } = hostWithLog({ ack: false, chunkMs: 60_000 });
    host.receive(start(plan, { delivery: 'lockstep', instruments: resolveInstruments({ every: 10 }) }));
    const first = await log.waitFor(isFrame);
    expect([first.step, first.stats.map((measurement) => measurement.step), [...first.steps]]).toEqual([10, [10], [5, 10]]);
    // Frame 20 waits for the acknowledgement of frame 10, and training waits at step 20.
    host.receive({ type: 'pause' });
    const paused = await log.waitFor(isState('paused'));
    expect(paused.step).toBe(20);
    acknowledge(first);
    const second = framesOf(log.messages)[1];
    expect([second.step, second.stats.map((measurement) => measurement.step), [...second.steps]]).toEqual([20, [20], [15, 20]]);
  });

  it('coalesce: measurements taken between two frames all travel in the next one, oldest first', async () => {
    const plan = planOf((d) => Object.assign(d.training, { steps: 40, reportEvery: 5 }));
    // One chunk trains the whole run, so no frame goes out before its end.
    const { host, log } = hostWithLog({ chunkMs: 60_000 });
    host.receive(start(plan, { instruments: resolveInstruments({ every: 5 }) }));
    await log.waitFor(isState('finished'));
    const frames = framesOf(log.messages);
    expect(frames.map((frame) => frame.stats.map((measurement) => measurement.step))).toEqual([[5, 10, 15, 20, 25, 30, 35, 40]]);
    expect(frames[0].test).not.toBeNull();
  });

  it('a final frame waits for the acknowledgement, and the end of the run follows it', async () => {
    const { host, log, acknowledge } = hostWithLog({ ack: false });
    const plan = planOf((d) => Object.assign(d.training, { steps: 2, reportEvery: 1 }));
    host.receive(start(plan, { paused: true, delivery: 'lockstep', instruments: resolveInstruments({ every: 1 }) }));
    await log.waitFor(isState('paused'));
    host.receive({ type: 'step' });
    const first = framesOf(log.messages)[0];
    expect(first.step).toBe(1);
    // The last step ends the run while frame 1 is unacknowledged: its frame and the end wait.
    const before = log.messages.length;
    host.receive({ type: 'step' });
    expect(log.messages.length).toBe(before);
    acknowledge(first);
    expect(log.messages.slice(before)).toMatchObject([
      { type: 'frame', step: 2, steps: Float64Array.from([2]), stats: [{ step: 2 }] },
      { type: 'state', state: 'finished', step: 2 },
    ]);
  });
});

describe('reset and learning rate', () => {
  /** Single steps, each waited for until its frame is out. */
  const steps = async (host: ReturnType<typeof hostWithLog>['host'], log: ReturnType<typeof hostWithLog>['log'], count: number) => {
    for (let i = 0; i < count; i++) {
      const from = log.messages.length;
      host.receive({ type: 'step' });
      const { step } = await log.waitFor((message) => message.type === 'state', from);
      await log.waitFor((message) => message.type === 'frame' && message.step === step, from);
    }
  };

  it('reset goes back to step 0 with the same seed: the same losses again, still paused', async () => {
    const plan = planOf((d) => (d.training.reportEvery = 1));
    const { host, log } = hostWithLog();
    host.receive(start(plan, { paused: true }));
    await log.waitFor(isState('paused'));
    await steps(host, log, 12);
    const before = lossesByStep(framesOf(log.messages));
    const resetAt = log.messages.length;
    host.receive({ type: 'reset' });
    expect(log.messages.slice(resetAt)).toEqual([
      { type: 'reset', runId: 'r' },
      { type: 'state', runId: 'r', state: 'paused', step: 0 },
    ]);
    await steps(host, log, 12);
    const after = lossesByStep(framesOf(log.messages.slice(resetAt)));
    expect([...after]).toEqual([...before]);
  });

  it('reset of a running run keeps it running from step 0', async () => {
    const { host, log } = hostWithLog();
    host.receive(start(planOf((d) => (d.training.steps = 1_000_000))));
    await log.waitFor(isFrame);
    const resetAt = log.messages.length;
    host.receive({ type: 'reset' });
    expect(log.messages.slice(resetAt)).toEqual([
      { type: 'reset', runId: 'r' },
      { type: 'state', runId: 'r', state: 'running', step: 0 },
    ]);
    const frame = await log.waitFor(isFrame, resetAt);
    expect(frame.steps[0]).toBe(10);
    host.receive({ type: 'stop' });
  });

  it('set-learning-rate changes the base rate from the next step on', async () => {
    const plan = planOf((d) => (d.training.reportEvery = 1));
    const run = async (change: { afterStep: number; value: number } | null) => {
      const { host, log } = hostWithLog();
      host.receive(start(plan, { paused: true }));
      await log.waitFor(isState('paused'));
      await steps(host, log, change?.afterStep ?? 0);
      if (change) host.receive({ type: 'set-learning-rate', value: change.value });
      await steps(host, log, 30 - (change?.afterStep ?? 0));
      return [...lossesByStep(framesOf(log.messages)).values()];
    };
    const constant = await run(null);
    const changed = await run({ afterStep: 20, value: 0.5 });
    // Step 21 is the first with the new rate; its effect shows in the loss of step 22.
    expect(changed.slice(0, 21)).toEqual(constant.slice(0, 21));
    expect(changed[21]).not.toBe(constant[21]);
    // From the start, it is the same as compiling with that rate.
    const fromStart = await run({ afterStep: 0, value: 0.5 });
    const compiled = planOf((d) => Object.assign(d.training, { reportEvery: 1, learningRate: 0.5 }));
    // The host trains on the fastest kernels this runtime has; so must the reference.
    const trainer = createTrainer(compiled, { kernels: selectKernels() });
    expect(fromStart).toEqual(Array.from({ length: 30 }, () => Math.fround((trainer.step() as { loss: number }).loss)));
  });

  it('refuses a learning rate that is not a positive number, failing the run with a clear message', async () => {
    const { host, log } = hostWithLog();
    host.receive(start(planOf(), { paused: true }));
    await log.waitFor(isState('paused'));
    host.receive({ type: 'set-learning-rate', value: -1 });
    expect(log.messages.at(-2)).toMatchObject({ type: 'error', message: 'The learning rate must be a positive number, got -1' });
    expect(log.messages.at(-1)).toMatchObject({ type: 'state', state: 'failed' });
  });
});
