/**
 * Paces the probes of one view: at most one in flight, at most one every `intervalMs`, and only
 * when something new is wanted. A view says what it wants as a key (the run, the request and
 * the step it was drawn at) and how to ask; it gets an answer per key at most, so a finished
 * run is probed once and a running one at the interval, never faster than the worker answers.
 */
export interface ProbeScheduler<Answer> {
  /** What is wanted now; null: nothing (the view is off screen). A key already asked for is not asked again. */
  want(key: string | null, ask: () => Promise<Answer>): void;
  /** Stops: later answers and timers are ignored. */
  dispose(): void;
}

export interface ProbeSchedulerOptions<Answer> {
  intervalMs: number;
  onAnswer(answer: Answer): void;
  onProblem(message: string): void;
  now?: () => number;
}

export function createProbeScheduler<Answer>({ intervalMs, onAnswer, onProblem, now = () => performance.now() }: ProbeSchedulerOptions<Answer>): ProbeScheduler<Answer> {
  let wanted: { key: string; ask: () => Promise<Answer> } | null = null;
  let askedKey: string | null = null;
  let askedAt = -Infinity;
  let inFlight = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const pump = (): void => {
    if (disposed || inFlight || !wanted || wanted.key === askedKey) return;
    const wait = askedAt + intervalMs - now();
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = null;
        pump();
      }, wait);
      return;
    }
    const { key, ask } = wanted;
    askedKey = key;
    askedAt = now();
    inFlight = true;
    const settle = () => {
      inFlight = false;
      pump();
    };
    ask().then(
      (answer) => {
        if (!disposed) onAnswer(answer);
        settle();
      },
      (error: unknown) => {
        if (!disposed) onProblem(error instanceof Error ? error.message : String(error));
        settle();
      },
    );
  };

  return {
    want(key, ask) {
      wanted = key === null ? null : { key, ask };
      pump();
    },
    dispose() {
      disposed = true;
      wanted = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
