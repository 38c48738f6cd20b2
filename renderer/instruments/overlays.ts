import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NodeStats } from '../../engine/stats/collect';
import { edgeGradientStyle, GRADIENT_RANGE } from './colours';
import { createRedrawPacer, type RedrawPacerOptions } from './pacing';
import { edgeGradient, histogramHeights } from './probes';
import type { RunsSlice, TrackedRun } from './runsSlice';

/**
 * What the canvas shows of the instruments: each node card's latest output histogram, each
 * edge's gradient, and the badge naming the run they come from (the first visible run of the
 * latest group: the last Train, or a comparison's first variant).
 *
 * One clock serves the whole canvas: at most once per OVERLAY_INTERVAL_MS (less often if redrawing
 * takes more than its share of the main thread, see RedrawPacer) it copies the run's
 * latest measurements into a small store, and every card and edge selects its own piece, so a
 * new measurement costs one React update for the canvas rather than one timer and one update
 * per card and per edge. While the Instruments tab covers the canvas nothing is read at all.
 */

export const OVERLAY_INTERVAL_MS = 1000;

export interface CanvasOverlay {
  /** The run the overlay comes from, as the badge names it; null before its first measurement. */
  run: { runId: string; name: string; colour: string; step: number; measurements: number } | null;
  /** That run's latest measurement of each node, as of the last read. */
  latest: ReadonlyMap<string, NodeStats>;
}

const NO_OVERLAY: CanvasOverlay = { run: null, latest: new Map() };

export function canvasRun(state: Pick<RunsSlice, 'runs'>): TrackedRun | null {
  const latest = state.runs[state.runs.length - 1];
  if (!latest) return null;
  return state.runs.find((run) => run.group === latest.group && !run.hidden) ?? null;
}

/** The overlay as of now; `previous` itself when nothing it shows has changed. */
export function readCanvasOverlay(state: Pick<RunsSlice, 'runs'>, previous: CanvasOverlay): CanvasOverlay {
  const run = canvasRun(state);
  const history = run?.history;
  if (!run || !history || history.measurements === 0) return previous.run === null ? previous : NO_OVERLAY;
  const { measurements } = history;
  const shown = previous.run;
  const same = shown && shown.runId === run.runId && shown.name === run.name && shown.colour === run.colour && shown.measurements === measurements;
  if (same) return previous;
  const step = history.measurementStep(measurements - 1);
  return { run: { runId: run.runId, name: run.name, colour: run.colour, step, measurements }, latest: new Map(history.latest) };
}

/**
 * Keeps `overlay` up to date with the runs, reading as `pacing` allows (at most once per
 * OVERLAY_INTERVAL_MS by default) and never while the Instruments tab is open (the canvas is
 * hidden then; it is read as soon as the tab closes). Returns the unsubscribe.
 */
export function followCanvasOverlay(
  store: StoreApi<RunsSlice>,
  overlay: StoreApi<CanvasOverlay>,
  pacing: RedrawPacerOptions = { minimumMs: OVERLAY_INTERVAL_MS },
): () => void {
  const pacer = createRedrawPacer(pacing);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const read = () => {
    timer = null;
    pacer.start();
    const next = readCanvasOverlay(store.getState(), overlay.getState());
    if (next !== overlay.getState()) overlay.setState(next, true);
  };
  // What the last read cost may have become known since this one was timed; and the Instruments
  // tab may have opened since (it reads when it closes).
  const readWhenDue = () => {
    const wait = pacer.wait();
    if (store.getState().instrumentsOpen) timer = null;
    else if (wait > 0) timer = setTimeout(readWhenDue, wait);
    else read();
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.instrumentsOpen) return;
    if (previous.instrumentsOpen) {
      if (timer !== null) clearTimeout(timer);
      read();
      return;
    }
    if (timer !== null || state.runsVersion === previous.runsVersion) return;
    timer = setTimeout(readWhenDue, pacer.wait());
  });
  if (!store.getState().instrumentsOpen) read();
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}

export function createCanvasOverlayStore(): StoreApi<CanvasOverlay> {
  return createStore<CanvasOverlay>()(() => NO_OVERLAY);
}

/** The canvas's overlay store; outside a canvas (a card rendered alone) one that stays empty. */
export const CanvasOverlayContext = createContext<StoreApi<CanvasOverlay>>(createCanvasOverlayStore());

/** For the canvas that provides CanvasOverlayContext: its overlay store, following `store` while mounted. */
export function useCanvasOverlayStore(store: StoreApi<RunsSlice>): StoreApi<CanvasOverlay> {
  const [overlay] = useState(createCanvasOverlayStore);
  useEffect(() => followCanvasOverlay(store, overlay), [store, overlay]);
  return overlay;
}

function useCanvasOverlay<T>(select: (overlay: CanvasOverlay) => T): T {
  return useStore(useContext(CanvasOverlayContext), select);
}

const selectRun = (overlay: CanvasOverlay) => overlay.run;

/** The run the canvas shows, as its badge names it: name, colour and the step of its latest measurement; null before one. */
export function useCanvasRun(): CanvasOverlay['run'] {
  return useCanvasOverlay(selectRun);
}

/** Bin heights (0–1) of a node's latest output histogram; null before it is measured. */
export function useNodeSparkline(nodeId: string): readonly number[] | null {
  // The NodeStats object changes only with a new measurement: between them, no re-render.
  const stats = useCanvasOverlay((overlay) => overlay.latest.get(nodeId) ?? null);
  return useMemo(() => (stats ? histogramHeights(stats.histogram) : null), [stats]);
}

/**
 * The gradient flowing back along an edge out of `source` (see edgeGradient) and the stroke that
 * shows it; null before a measurement.
 */
export function useEdgeGradient(source: string): { magnitude: number; stroke: string; strokeWidth: number } | null {
  const magnitude = useCanvasOverlay((overlay) => edgeGradient(overlay.latest, source));
  return useMemo(() => (magnitude === null ? null : { magnitude, ...edgeGradientStyle(magnitude, GRADIENT_RANGE) }), [magnitude]);
}
