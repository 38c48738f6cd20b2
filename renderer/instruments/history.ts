import type { CompiledPlan } from '../../engine/document/plan';
import type { RunInstruments, StatFrame } from '../../engine/protocol';
import { percentileRanks, type NodeStats } from '../../engine/stats/collect';
import { networkLayout, type NetworkLayout } from './layout';
import { RingBuffer } from './ring';

/**
 * One run's statistics as they stream in, in bounded memory: the metric points and every
 * measurement of every node go into ring buffers of float64 rows (the oldest dropped once
 * full); each node's latest NodeStats is kept whole for its histograms.
 */

/** The per-node numbers kept for every measurement; NaN where a node has none (a ReLU's saturation). */
export const NODE_FIELDS = [
  'outputMean',
  'outputStd',
  'outputMin',
  'outputMax',
  'outputMeanAbs',
  'outputRms',
  'saturated',
  'dead',
  'zero',
  'gradientMeanAbs',
  'gradientRms',
  'weightMean',
  'weightStd',
  'weightGradientMeanAbs',
  'weightGradientRms',
  'updateRatio',
] as const;

export type NodeField = (typeof NODE_FIELDS)[number];

const FIELD_INDEX = Object.fromEntries(NODE_FIELDS.map((field, index) => [field, index])) as Record<NodeField, number>;

export interface RunHistoryOptions {
  /** Metric points kept (train and test each); default 65 536. */
  metricCapacity?: number;
  /** Measurements kept; default 1024. */
  statsCapacity?: number;
}

export const DEFAULT_METRIC_CAPACITY = 65_536;
export const DEFAULT_STATS_CAPACITY = 1024;

/** Columns of the train and test rings. */
export const METRIC_STEP = 0;
export const METRIC_LOSS = 1;
export const METRIC_ACCURACY = 2;

export class RunHistory {
  readonly layout: NetworkLayout;
  /** The percentile ranks of every measurement, ascending (NodeStats.percentiles follow them). */
  readonly ranks: readonly number[];
  /** step, loss, accuracy: one row per reported point (the batch mean since the point before). */
  readonly train: RingBuffer;
  /** step, loss, accuracy over the whole test set: one row per frame. */
  readonly test: RingBuffer;
  /** The step, then per node (in layout order) NODE_FIELDS and the percentiles: one row per measurement. */
  readonly stats: RingBuffer;
  /** Each node's latest measurement. */
  readonly latest = new Map<string, NodeStats>();
  /** Steps completed, as of the latest frame. */
  step = 0;
  epoch = 0;
  /** Bumped by every change: what subscribers compare. */
  version = 0;
  /** Bumped when metric points change (every frame), and when measurements do: views derived from either compare these. */
  metricsVersion = 0;
  statsVersion = 0;
  private readonly nodeStride: number;

  constructor(plan: CompiledPlan, instruments: RunInstruments | null, options: RunHistoryOptions = {}) {
    this.layout = networkLayout(plan);
    this.ranks = instruments ? percentileRanks({ percentiles: instruments.percentiles, weightHistograms: instruments.weightHistograms }) : [];
    this.nodeStride = NODE_FIELDS.length + this.ranks.length;
    const metricCapacity = options.metricCapacity ?? DEFAULT_METRIC_CAPACITY;
    this.train = new RingBuffer(metricCapacity, 3);
    this.test = new RingBuffer(metricCapacity, 3);
    this.stats = new RingBuffer(options.statsCapacity ?? DEFAULT_STATS_CAPACITY, 1 + this.layout.nodes.length * this.nodeStride);
  }

  appendFrame(frame: StatFrame): void {
    const { steps, loss, accuracy } = frame;
    for (let index = 0; index < steps.length; index += 1) this.train.push(steps[index], loss[index], accuracy[index]);
    if (frame.test) this.test.push(frame.step, frame.test.loss, frame.test.accuracy);
    for (const measurement of frame.stats) this.appendStats(measurement.step, measurement.nodes);
    if (frame.stats.length > 0) this.statsVersion += 1;
    this.step = Math.max(this.step, frame.step);
    this.epoch = frame.epoch;
    this.metricsVersion += 1;
    this.version += 1;
  }

  /** The run went back to step 0. */
  clear(): void {
    this.train.clear();
    this.test.clear();
    this.stats.clear();
    this.latest.clear();
    this.step = 0;
    this.epoch = 0;
    this.metricsVersion += 1;
    this.statsVersion += 1;
    this.version += 1;
  }

  /** Measurements held; index 0 is the oldest. */
  get measurements(): number {
    return this.stats.length;
  }

  measurementStep(measurement: number): number {
    return this.stats.get(measurement, 0);
  }

  nodeValue(measurement: number, nodeId: string, field: NodeField): number {
    return this.stats.get(measurement, this.offsetOf(nodeId) + FIELD_INDEX[field]);
  }

  /** P(ranks[rankIndex]) of the node at that measurement. */
  percentile(measurement: number, nodeId: string, rankIndex: number): number {
    if (!(rankIndex >= 0 && rankIndex < this.ranks.length)) throw new RangeError(`There is no percentile rank number ${rankIndex}`);
    return this.stats.get(measurement, this.offsetOf(nodeId) + NODE_FIELDS.length + rankIndex);
  }

  hasNode(nodeId: string): boolean {
    return this.layout.indexOf.has(nodeId);
  }

  private offsetOf(nodeId: string): number {
    const index = this.layout.indexOf.get(nodeId);
    if (index === undefined) throw new Error(`The run has no node '${nodeId}'.`);
    return 1 + index * this.nodeStride;
  }

  private appendStats(step: number, nodes: readonly NodeStats[]): void {
    const row = this.stats.pushRow();
    row.fill(NaN);
    row[0] = step;
    for (const node of nodes) {
      const offset = this.offsetOf(node.nodeId);
      if (node.percentiles.length !== this.ranks.length) {
        throw new Error(`Node '${node.nodeId}' reports ${node.percentiles.length} percentiles, the run measures ${this.ranks.length}.`);
      }
      const fields: Record<NodeField, number | null | undefined> = {
        outputMean: node.output.mean,
        outputStd: node.output.std,
        outputMin: node.output.min,
        outputMax: node.output.max,
        outputMeanAbs: node.output.meanAbs,
        outputRms: node.output.rms,
        saturated: node.saturatedFraction,
        dead: node.deadFraction,
        zero: node.zeroFraction,
        gradientMeanAbs: node.outputGradient?.meanAbs,
        gradientRms: node.outputGradient?.rms,
        weightMean: node.weight?.value.mean,
        weightStd: node.weight?.value.std,
        weightGradientMeanAbs: node.weight?.gradient.meanAbs,
        weightGradientRms: node.weight?.gradient.rms,
        updateRatio: node.weight?.updateRatio,
      };
      NODE_FIELDS.forEach((field, index) => {
        row[offset + index] = fields[field] ?? NaN;
      });
      row.set(node.percentiles, offset + NODE_FIELDS.length);
      this.latest.set(node.nodeId, node);
    }
  }
}
