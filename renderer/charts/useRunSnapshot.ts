import { useEffect, useState } from 'react';
import { useServices } from '../services';
import { takeSnapshot, type RunSnapshot } from './snapshot';

/**
 * The run's telemetry, re-read from the store at most once per `intervalMs`: frames may arrive
 * far faster than a chart can usefully redraw, and only the component using this re-renders.
 */
export function useRunSnapshot(intervalMs: number): RunSnapshot {
  const { store } = useServices();
  const [snapshot, setSnapshot] = useState(() => takeSnapshot(store.getState()));

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastFlush = 0;
    const flush = () => {
      timer = null;
      lastFlush = performance.now();
      setSnapshot(takeSnapshot(store.getState()));
    };
    const unsubscribe = store.subscribe((state, previous) => {
      const changed =
        state.seriesVersion !== previous.seriesVersion ||
        state.runStatus !== previous.runStatus ||
        state.runStep !== previous.runStep ||
        state.runMessage !== previous.runMessage;
      if (!changed || timer !== null) return;
      timer = setTimeout(flush, Math.max(0, intervalMs - (performance.now() - lastFlush)));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, intervalMs]);

  return snapshot;
}
