/**
 * Spaces the redraws of a view so that they take at most about 1/`spacing` of the main thread,
 * which on a small machine shares its CPU with the training worker. A redraw's cost is the time
 * from its start until it is over (see `whenMainThreadIdle`): React's render in slices,
 * recharts' own re-render in the next animation frame, style, layout and paint. The next redraw may
 * start only `spacing` times that cost after it (and never sooner than `minimumMs`, never later
 * than `maximumMs`), so a slow machine redraws less often instead of slowing training.
 */
export interface RedrawPacer {
  /** Milliseconds from now until the next redraw may start. */
  wait(): number;
  /** A redraw starts now. */
  start(): void;
}

export interface RedrawPacerOptions {
  minimumMs: number;
  /** Default REDRAW_SPACING. */
  spacing?: number;
  /** Default five times `minimumMs`: however slow the machine, a view stays live. */
  maximumMs?: number;
  now?: () => number;
  /** Calls back once what a redraw set off has been done; default `whenMainThreadIdle`. */
  afterRedraw?: (done: () => void) => void;
}

/** Redraws take at most 1/20 of the main thread. */
export const REDRAW_SPACING = 20;

export function createRedrawPacer({ minimumMs, spacing = REDRAW_SPACING, maximumMs = 5 * minimumMs, now = Date.now, afterRedraw = whenMainThreadIdle }: RedrawPacerOptions): RedrawPacer {
  let earliest = -Infinity;
  let redraws = 0;
  return {
    wait: () => Math.max(0, earliest - now()),
    start() {
      const startedAt = now();
      const redraw = ++redraws;
      earliest = startedAt + minimumMs;
      afterRedraw(() => {
        if (redraw !== redraws) return;
        const cost = now() - startedAt;
        earliest = startedAt + Math.min(maximumMs, Math.max(minimumMs, spacing * cost));
      });
    },
  };
}

/**
 * Calls `done` once what a redraw set off is over; at once where there are no frame and idle
 * callbacks (tests). Twice a frame, then idle: the first time the main thread is idle, React has
 * rendered and committed the new data; recharts then updates its own store and re-renders its
 * charts in the next animation frame, often the longest part, and only the idle time after that
 * frame ends the redraw.
 */
export function whenMainThreadIdle(done: () => void): void {
  if (typeof requestAnimationFrame === 'undefined' || typeof requestIdleCallback === 'undefined') {
    done();
    return;
  }
  const frameThenIdle = (next: () => void) => requestAnimationFrame(() => requestIdleCallback(next, { timeout: 2000 }));
  frameThenIdle(() => frameThenIdle(done));
}
