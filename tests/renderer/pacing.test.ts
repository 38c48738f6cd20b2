import { describe, expect, it } from 'vitest';
import { createRedrawPacer } from '../../renderer/instruments/pacing';

/** A pacer on a hand-moved clock, whose redraws finish when the test says so. */
function pacerAt(options: { minimumMs: number; spacing?: number; maximumMs?: number }) {
  let time = 0;
  const pending: (() => void)[] = [];
  const pacer = createRedrawPacer({ ...options, now: () => time, afterRedraw: (done) => pending.push(done) });
  return {
    pacer,
    advance: (ms: number) => (time += ms),
    finishRedraw: () => pending.shift()?.(),
  };
}

describe('redraw pacing', () => {
  it('lets the first redraw start at once and the next after the minimum interval when redraws are cheap', () => {
    const { pacer, advance, finishRedraw } = pacerAt({ minimumMs: 1000, spacing: 20 });
    expect(pacer.wait()).toBe(0);
    pacer.start();
    advance(10);
    finishRedraw();
    expect(pacer.wait()).toBe(990);
    advance(990);
    expect(pacer.wait()).toBe(0);
  });

  it('spaces redraws to the given multiple of what the last one cost', () => {
    const { pacer, advance, finishRedraw } = pacerAt({ minimumMs: 1000, spacing: 20 });
    pacer.start();
    // Until it is known what the redraw costs, the minimum holds.
    expect(pacer.wait()).toBe(1000);
    advance(120);
    finishRedraw();
    expect(pacer.wait()).toBe(20 * 120 - 120);
  });

  it('never waits longer than the maximum, and forgets a redraw overtaken by a newer one', () => {
    const { pacer, advance, finishRedraw } = pacerAt({ minimumMs: 1000, spacing: 20, maximumMs: 5000 });
    pacer.start();
    advance(2000);
    finishRedraw();
    expect(pacer.wait()).toBe(3000);
    pacer.start();
    pacer.start();
    advance(500);
    // The first of the two ends: the second's start already set the pace.
    finishRedraw();
    expect(pacer.wait()).toBe(500);
    // 20 × 500 ms would be 10 s: capped at 5 s from its start.
    finishRedraw();
    expect(pacer.wait()).toBe(4500);
  });
});
