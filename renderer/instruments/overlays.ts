import { useCallback, useMemo } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { edgeGradientStyle, GRADIENT_RANGE } from './colours';
import { edgeGradients, histogramHeights } from './probes';
import type { RunsSlice, TrackedRun } from './runsSlice';
import { useSampled } from './useSampled';

/**
 * What the canvas shows of the instruments, for the editor's node cards and edges: a node's
 * latest output histogram and the gradient along an edge, from the run the canvas stands for
 * (the first visible run of the latest group: the last Train, or a comparison's first variant),
 * re-read at most once per `intervalMs`.
 */

const OVERLAY_INTERVAL_MS = 1000;

export function canvasRun(state: Pick<RunsSlice, 'runs'>): TrackedRun | null {
  const latest = state.runs[state.runs.length - 1];
  if (!latest) return null;
  return state.runs.find((run) => run.group === latest.group && !run.hidden) ?? null;
}

const runsChanged = (state: RunsSlice, previous: RunsSlice) => state.runsVersion !== previous.runsVersion;

/** The run the canvas shows, as its badge names it: name, colour and the step of its latest measurement; null before one. */
export function useCanvasRun(store: StoreApi<RunsSlice>): { name: string; colour: string; step: number } | null {
  const label = useSampled(store, runsChanged, canvasRunLabel, OVERLAY_INTERVAL_MS);
  return useMemo(() => (label === null ? null : (JSON.parse(label) as { name: string; colour: string; step: number })), [label]);
}

// A string, so that an unchanged label is the same value (no re-render).
function canvasRunLabel(state: RunsSlice): string | null {
  const run = canvasRun(state);
  const { history } = run ?? {};
  if (!run || !history || history.measurements === 0) return null;
  return JSON.stringify({ name: run.name, colour: run.colour, step: history.measurementStep(history.measurements - 1) });
}

/** Bin heights (0–1) of a node's latest output histogram; null before it is measured. */
export function useNodeSparkline(store: StoreApi<RunsSlice>, nodeId: string): readonly number[] | null {
  // The latest NodeStats object changes only with a new measurement: between them, no re-render.
  const read = useCallback((state: RunsSlice) => canvasRun(state)?.history.latest.get(nodeId) ?? null, [nodeId]);
  const stats = useSampled(store, runsChanged, read, OVERLAY_INTERVAL_MS);
  return useMemo(() => (stats ? histogramHeights(stats.histogram) : null), [stats]);
}

/** The gradient flowing back along an edge and the stroke that shows it; null before a measurement. */
export function useEdgeGradient(store: StoreApi<RunsSlice>, edgeId: string, source: string): { magnitude: number; stroke: string; strokeWidth: number } | null {
  const read = useCallback((state: RunsSlice) => {
    const run = canvasRun(state);
    const magnitude = run ? edgeGradients(run.history, [{ id: edgeId, source }]).get(edgeId) : undefined;
    return magnitude === undefined ? null : `${magnitude}`;
  }, [edgeId, source]);
  // The magnitude travels as a string so that an unchanged value is the same value (no re-render).
  const magnitude = useSampled(store, runsChanged, read, OVERLAY_INTERVAL_MS);
  return useMemo(() => (magnitude === null ? null : { magnitude: Number(magnitude), ...edgeGradientStyle(Number(magnitude), GRADIENT_RANGE) }), [magnitude]);
}
