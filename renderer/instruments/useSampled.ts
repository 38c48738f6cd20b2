import { startTransition, useEffect, useState } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { createRedrawPacer } from './pacing';

/**
 * A value derived from a store, re-derived at most once per `intervalMs`, and less often when
 * redrawing takes more than its share of the main thread (see RedrawPacer): frames arrive far
 * faster than a chart can usefully redraw. The subscription only notes that something `changed`;
 * the derivation and the re-render happen on the timer, so a burst of frames costs one redraw.
 * The re-render is a transition: React renders it in slices between animation frames instead
 * of one long task, so redrawing many charts never freezes the canvas or the pointer.
 * `changed` and `read` must be stable (module-level) functions.
 */
export function useSampled<State, Value>(store: StoreApi<State>, changed: (state: State, previous: State) => boolean, read: (state: State) => Value, intervalMs: number): Value {
  const [value, setValue] = useState(() => read(store.getState()));
  useEffect(() => {
    const pacer = createRedrawPacer({ minimumMs: intervalMs });
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      // What the last redraw cost may have become known since this one was timed.
      const wait = pacer.wait();
      if (wait > 0) {
        timer = setTimeout(flush, wait);
        return;
      }
      timer = null;
      pacer.start();
      const next = read(store.getState());
      startTransition(() => setValue(next));
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (timer !== null || !changed(state, previous)) return;
      timer = setTimeout(flush, pacer.wait());
    });
    // Whatever changed between the first render and this subscription.
    flush();
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, changed, read, intervalMs]);
  return value;
}
