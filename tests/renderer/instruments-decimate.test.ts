import { describe, expect, it } from 'vitest';
import { bucketRanges, decimateMinMax, envelopeBuckets, logSafe } from '../../renderer/instruments/decimate';
import { RingBuffer } from '../../renderer/instruments/ring';

describe('min/max decimation', () => {
  it('passes a short series whole', () => {
    expect(decimateMinMax(5, () => 0, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(decimateMinMax(0, () => 0, 10)).toEqual([]);
  });

  it('bounds the points, keeps them in order, and keeps the ends and every extreme', () => {
    const values = Array.from({ length: 100_000 }, (_, index) => Math.sin(index / 50) + (index === 77_777 ? 40 : 0) - (index === 12_345 ? 30 : 0));
    const kept = decimateMinMax(values.length, (index) => values[index], 400);
    expect(kept.length).toBeLessThanOrEqual(400);
    expect(kept.length).toBeGreaterThan(300);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(values.length - 1);
    for (let index = 1; index < kept.length; index += 1) expect(kept[index]).toBeGreaterThan(kept[index - 1]);
    expect(kept).toContain(77_777);
    expect(kept).toContain(12_345);
    const drawn = kept.map((index) => values[index]);
    expect(Math.max(...drawn)).toBe(Math.max(...values));
    expect(Math.min(...drawn)).toBe(Math.min(...values));
  });

  it('never prefers NaN to a number, and keeps a gap where a bucket is all NaN (a divergence)', () => {
    const values = Array.from({ length: 1000 }, (_, index) => (index >= 520 ? NaN : index % 7));
    const kept = decimateMinMax(values.length, (index) => values[index], 20);
    const nanKept = kept.filter((index) => Number.isNaN(values[index]));
    // Nine buckets over [1, 999), starting at 1 + ⌊b·998/9⌋: the last four lie wholly past 520 and keep their first point; so does the end.
    expect(nanKept).toEqual([555, 666, 777, 888, 999]);
    expect(kept.filter((index) => index >= 444 && index < 555).every((index) => index < 520)).toBe(true);
  });

  it('refuses a bound too small to keep the ends and one bucket', () => {
    expect(() => decimateMinMax(10, () => 0, 3)).toThrow(/at least 4/);
  });

  it('splits spans evenly into buckets', () => {
    expect(bucketRanges(0, 10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(bucketRanges(0, 2, 5)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(envelopeBuckets(3, 400)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(envelopeBuckets(1000, 400)).toHaveLength(400);
  });

  it('draws on a log axis only positive finite values', () => {
    expect([1e-9, 0, -1, NaN, Infinity].map(logSafe)).toEqual([1e-9, null, null, null, null]);
  });
});

describe('ring buffer', () => {
  it('keeps the latest rows in order once full, counting the dropped ones', () => {
    const ring = new RingBuffer(3, 2);
    for (let step = 1; step <= 5; step += 1) ring.push(step, step * 10);
    expect(ring.length).toBe(3);
    expect(ring.dropped).toBe(2);
    expect([0, 1, 2].map((index) => ring.get(index))).toEqual([3, 4, 5]);
    expect(Array.from(ring.row(2))).toEqual([5, 50]);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(() => ring.get(0)).toThrow(/outside the 0 rows/);
  });

  it('refuses rows of the wrong width and impossible shapes', () => {
    expect(() => new RingBuffer(3, 2).push(1)).toThrow(/holds 2 numbers/);
    expect(() => new RingBuffer(0)).toThrow(/capacity/);
    expect(() => new RingBuffer(2, 0)).toThrow(/stride/);
  });
});
