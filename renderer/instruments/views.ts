import type { BatchNormStats } from '../../engine/stats/collect';
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
  /** The focused BatchNorm node (else the first): its overview over time, and its units at the latest measurement. */
  batchNorm: { nodeId: string; points: BatchNormOverviewPoint[]; units: BatchNormStats | null } | null;
}

export function runViews(run: TrackedRun, focusNodeId: string, logScale: boolean): RunViews {
  return { run, loss: lossAccuracyData(run.history, { logScale }), ...statsViews(run, focusNodeId) };
}

type StatsViews = Omit<RunViews, 'run' | 'loss'>;

function statsViews(run: TrackedRun, focusNodeId: string): StatsViews {
  const { history } = run;
  const has = history.hasNode(focusNodeId);
  const latest = has ? history.latest.get(focusNodeId) : undefined;
  const weightOwner = history.layout.dense.find((layer) => layer.nodeId === focusNodeId) ?? history.layout.dense.find((layer) => layer.signalNodeId === focusNodeId);
  const weightStats = weightOwner ? history.latest.get(weightOwner.nodeId)?.weight?.histogram : undefined;
  const batchNormNode = history.layout.nodes.find((node) => node.nodeId === focusNodeId && node.kind === 'batchnorm') ?? history.layout.nodes.find((node) => node.kind === 'batchnorm');
  return {
    focusNodeId,
    percentileSource: latest?.percentileSource ?? (history.layout.nodes.find((node) => node.nodeId === focusNodeId)?.kind === 'activation' ? 'preActivation' : 'output'),
    bands: has ? distributionBands(history, focusNodeId) : null,
    outputHistogram: latest ? histogramData(latest.histogram) : null,
    weightHistogram: weightOwner && weightStats ? { nodeId: weightOwner.nodeId, data: histogramData(weightStats) } : null,
    depth: depthProfile(history),
    health: layerHealth(history),
    theory: theoryVersusMeasurement(history),
    batchNorm: batchNormNode
      ? { nodeId: batchNormNode.nodeId, points: batchNormOverview(history, batchNormNode.nodeId), units: history.latest.get(batchNormNode.nodeId)?.batchNorm ?? null }
      : null,
  };
}

export interface ViewsCache {
  /** `runViews`, giving back the very same objects for what has not changed. */
  viewsOf(run: TrackedRun, focusNodeId: string, logScale: boolean): RunViews;
  /**
   * Starts a redraw of the runs `runIds` (forgetting any other). Within one redraw, the
   * measurement views of at most one run are re-derived because their interval has passed, so
   * the columns' costly charts redraw in turn rather than all in one long frame.
   */
  beginRedraw(runIds: ReadonlySet<string>): void;
}

/** Views of measurements (bands, histograms, depth, health, theory) redraw at most this often while a run trains. */
export const STATS_REDRAW_MS = 2000;

/**
 * The loss views stay the same object until a frame brings metric points; the rest until a
 * measurement arrives and at least `statsIntervalMs` have passed since they were last derived
 * (measurements come several times a second on a fast network, and their charts are the costly
 * ones), one run per redraw (see `beginRedraw`); the RunViews itself until either changes (or the run record does: renamed, pinned, a
 * new state). Charts memoised on those objects then redraw only when their own data moves.
 */
export function createViewsCache(statsIntervalMs = STATS_REDRAW_MS, now: () => number = () => performance.now()): ViewsCache {
  interface Entry {
    metricsKey: string;
    statsKey: string;
    statsAt: number;
    views: RunViews;
  }
  const entries = new Map<string, Entry>();
  let intervalRefreshTaken = false;
  return {
    viewsOf(run, focusNodeId, logScale) {
      const { history } = run;
      const metricsKey = `${history.metricsVersion}:${logScale}`;
      const statsKey = `${history.statsVersion}:${focusNodeId}`;
      const cached = entries.get(run.runId);
      const time = now();
      // A new focus redraws at once, and so does a run that stopped training (its last measurement).
      const changedAtOnce = !cached || (cached.statsKey !== statsKey && (!cached.statsKey.endsWith(`:${focusNodeId}`) || cached.views.run !== run));
      const intervalPassed = !!cached && cached.statsKey !== statsKey && time - cached.statsAt >= statsIntervalMs && !intervalRefreshTaken;
      const statsDue = changedAtOnce || intervalPassed;
      if (intervalPassed && !changedAtOnce) intervalRefreshTaken = true;
      if (cached && cached.metricsKey === metricsKey && !statsDue && cached.views.run === run) return cached.views;
      const loss = cached && cached.metricsKey === metricsKey ? cached.views.loss : lossAccuracyData(history, { logScale });
      const stats = cached && !statsDue ? statsPart(cached.views) : statsViews(run, focusNodeId);
      const views: RunViews = { run, loss, ...stats };
      entries.set(run.runId, { metricsKey, statsKey: statsDue ? statsKey : cached!.statsKey, statsAt: statsDue ? time : cached!.statsAt, views });
      return views;
    },
    beginRedraw(runIds) {
      intervalRefreshTaken = false;
      for (const runId of entries.keys()) if (!runIds.has(runId)) entries.delete(runId);
    },
  };
}

function statsPart({ run: _run, loss: _loss, ...stats }: RunViews): StatsViews {
  return stats;
}

export type Domain = [number, number];

export interface SharedDomains {
  steps: Domain;
  loss: Domain | null;
  bands: Domain | null;
  gradient: Domain | null;
  activationStd: Domain | null;
  updateRatio: Domain | null;
  theory: Domain | null;
}

/**
 * A range around an extent with round ends, so that the axis ticks read well: whole decades on
 * a log axis (a decade is how gradients are read); on a linear one, multiples of the power of
 * ten below the span, from 0 when every value is positive and near it.
 */
export function paddedDomain(extent: Domain | null, log: boolean): Domain | null {
  if (!extent) return null;
  const [low, high] = extent;
  if (log) return [10 ** Math.floor(Math.log10(low)), 10 ** Math.ceil(Math.log10(high === low ? high * 10 : high))];
  const span = high - low || Math.abs(high) || 1;
  const step = 10 ** Math.floor(Math.log10(span));
  const bottom = low >= 0 && low <= span ? 0 : Math.floor(low / step) * step;
  const top = Math.ceil(high / step) * step;
  return [bottom, top > bottom ? top : bottom + step];
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
    updateRatio: paddedDomain(sharedExtent(values((view) => view.health, (row) => row.updateRatio)), true),
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

export function sameDomain(a: Domain | null, b: Domain | null): boolean {
  return a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1]);
}

/** `next`, or `previous` itself when every domain is equal: charts compare their axes by identity. */
export function sameDomains(previous: SharedDomains | undefined, next: SharedDomains): SharedDomains {
  if (!previous) return next;
  const merged = Object.fromEntries(
    (Object.keys(next) as (keyof SharedDomains)[]).map((key) => [key, sameDomain(previous[key], next[key]) ? previous[key] : next[key]]),
  ) as unknown as SharedDomains;
  return (Object.keys(next) as (keyof SharedDomains)[]).every((key) => merged[key] === previous[key]) ? previous : merged;
}

/**
 * A memo comparator for a chart of runs: equal when every prop but `views` is the same, and
 * each run's `pick`ed data, id, name and colour are the same.
 */
export function chartPropsEqual<Props extends { views: readonly RunViews[] }>(pick: (view: RunViews) => unknown): (previous: Props, next: Props) => boolean {
  return (previous, next) => {
    for (const key of Object.keys(next) as (keyof Props)[]) if (key !== 'views' && !Object.is(previous[key], next[key])) return false;
    const [before, after] = [previous.views, next.views];
    return (
      before.length === after.length &&
      before.every((view, index) => {
        const other = after[index];
        return pick(view) === pick(other) && view.run.runId === other.run.runId && view.run.name === other.run.name && view.run.colour === other.run.colour;
      })
    );
  };
}
