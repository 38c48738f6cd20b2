import { describe, expect, it } from 'vitest';
import { downsample, takeSnapshot } from '../../renderer/charts/snapshot';
import { createAppStore } from '../../renderer/store';
import { frame } from './helpers';

describe('chart snapshot', () => {
  it('passes short series through and averages long ones into buckets ending at their last step', () => {
    expect(downsample([1, 2, 3], [0.3, 0.2, 0.1], 3, 10)).toEqual([
      { step: 1, value: 0.3 },
      { step: 2, value: 0.2 },
      { step: 3, value: 0.1 },
    ]);
    expect(downsample([1, 2, 3, 4, 5], [1, 3, 5, 7, 9], 5, 2)).toEqual([
      { step: 3, value: 3 },
      { step: 5, value: 8 },
    ]);
    expect(downsample([1, 2, 3], [1, 2, 3], 0, 10)).toEqual([]);
  });

  it('reads the first and latest values at full precision and bounds the points', () => {
    const store = createAppStore();
    store.getState().beginRun('run-1', 2000);
    const steps = Array.from({ length: 1000 }, (_, index) => index + 1);
    store.getState().appendFrame(frame('run-1', steps, steps.map((step) => 1 / step), 0.8));

    const snapshot = takeSnapshot(store.getState(), 100);
    expect(snapshot).toMatchObject({ status: 'starting', step: 1000, totalSteps: 2000, points: 1000, latestTestAccuracy: Math.fround(0.8) });
    expect(snapshot.firstLoss).toBe(1);
    expect(snapshot.latestLoss).toBe(Math.fround(1 / 1000));
    expect(snapshot.loss).toHaveLength(100);
    expect(snapshot.testAccuracy).toEqual([{ step: 1000, accuracy: Math.fround(0.8) }]);
  });
});
