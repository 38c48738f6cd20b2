import { batchNormOverview, type BatchNormOverviewPoint } from './probes';
import type { TrackedRun } from './runsSlice';
import {
  depthProfile,
  distributionBands,
  histogramData,
  layerHealth,
  lossAccuracyData,
  sharedExtent,
  theoryVersusMeasurement,
  type DepthRow,
  type DistributionBands,
  type HealthRow,
  type HistogramData,
  type LossAccuracyData,
  type TheoryRow,
} from './series';

/**
 * Everything the views draw for one run, computed together at the views' bounded rate, and the
 * axes the runs share so that columns compare at a glance.
 */
export interface RunViews {
  run: TrackedRun;
  loss: LossAccuracyData;
  focusNodeId: string;
  /** Whether the focus node's percentiles are of its pre-activation. */
  percentileSource: 'preActivation' | 'output';
  bands: DistributionBands | null;
  outputHistogram: HistogramData | null;
  /** The focus node's weights, or those of the Dense layer whose signal it is. */
  weightHistogram: { nodeId: string; data: HistogramData } | null;
  depth: DepthRow[];
  health: HealthRow[];
  theory: TheoryRow[];
  /** The focus node when it is a BatchNorm, else the network's first one. */
  batchNorm: { nodeId: string; points: BatchNormOverviewPoint[] } | null;
}

export function runViews(run: TrackedRun, focusNodeId: string, logScale: boolean): RunViews {
  const { history } = run;
  const has = history.hasNode(focusNodeId);
  const latest = has ? history.latest.get(focusNodeId) : undefined;
  const weightOwner = history.layout.dense.find((layer) => layer.nodeId === focusNodeId) ?? history.layout.dense.find((layer) => layer.signalNodeId === focusNodeId);
  const weightStats = weightOwner ? history.latest.get(weightOwner.nodeId)?.weight?.histogram : undefined;
  const batchNormNode = history.layout.nodes.find((node) => node.nodeId === focusNodeId && node.kind === 'batchnorm') ?? history.layout.nodes.find((node) => node.kind === 'batchnorm');
  return {
    run,
    loss: lossAccuracyData(history, { logScale }),
    focusNodeId,
    percentileSource: latest?.percentileSource ?? (history.layout.nodes.find((node) => node.nodeId === focusNodeId)?.kind === 'activation' ? 'preActivation' : 'output'),
    bands: has ? distributionBands(history, focusNodeId) : null,
    outputHistogram: latest ? histogramData(latest.histogram) : null,
    weightHistogram: weightOwner && weightStats ? { nodeId: weightOwner.nodeId, data: histogramData(weightStats) } : null,
    depth: depthProfile(history),
    health: layerHealth(history),
    theory: theoryVersusMeasurement(history),
    batchNorm: batchNormNode ? { nodeId: batchNormNode.nodeId, points: batchNormOverview(history, batchNormNode.nodeId) } : null,
  };
}

export type Domain = [number, number];

export interface SharedDomains {
  steps: Domain;
  loss: Domain | null;
  bands: Domain | null;
  gradient: Domain | null;
  activationStd: Domain | null;
  theory: Domain | null;
}

/**
 * A little room around an extent: a decade-aligned range on a log axis (a decade is how gradients
 * are read), 5 % on a linear one, starting at 0 when every value is positive and near it.
 */
export function paddedDomain(extent: Domain | null, log: boolean): Domain | null {
  if (!extent) return null;
  const [low, high] = extent;
  if (log) return [10 ** Math.floor(Math.log10(low)), 10 ** Math.ceil(Math.log10(high === low ? high * 10 : high))];
  const span = high - low || Math.abs(high) || 1;
  const bottom = low >= 0 && low < span ? 0 : low - 0.05 * span;
  return [bottom, high + 0.05 * span];
}

export function sharedDomains(views: readonly RunViews[], logLoss: boolean): SharedDomains {
  const totalSteps = Math.max(1, ...views.map((view) => Math.max(view.run.totalSteps, view.run.history.step)));
  const values = <Item>(pick: (view: RunViews) => readonly Item[], value: (item: Item) => number | null) => views.map((view) => pick(view).map(value));
  return {
    steps: [0, totalSteps],
    loss: paddedDomain(sharedExtent([...values((view) => view.loss.trainLoss, (point) => point.value), ...values((view) => view.loss.testLoss, (point) => point.value)]), logLoss),
    bands: paddedDomain(
      sharedExtent(values((view) => view.bands?.points ?? [], (point) => point.outer[0]).concat(values((view) => view.bands?.points ?? [], (point) => point.outer[1]))),
      false,
    ),
    gradient: paddedDomain(sharedExtent(values((view) => view.depth, (row) => row.gradient)), true),
    activationStd: paddedDomain(sharedExtent(values((view) => view.depth, (row) => row.activationStd)), false),
    theory: paddedDomain(
      sharedExtent([
        ...values((view) => view.theory, (row) => positive(row.predictedStd)),
        ...values((view) => view.theory, (row) => positive(row.predictedStdNow)),
        ...values((view) => view.theory, (row) => positive(row.measuredStd)),
      ]),
      true,
    ),
  };
}

function positive(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}
