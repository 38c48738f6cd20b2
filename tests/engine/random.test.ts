import { describe, expect, it } from 'vitest';
import { createRandom } from '../../engine/random';

const draw = (random: { next(): number }, count: number): number[] => Array.from({ length: count }, () => random.next());

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draw(createRandom(42), 100)).toEqual(draw(createRandom(42), 100));
    expect(draw(createRandom(42), 100)).not.toEqual(draw(createRandom(43), 100));
  });

  it('draws next() in [0, 1), int(n) in [0, n) and uniform(a, b) in [a, b)', () => {
    const random = createRandom(7);
    const outOfRange: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const u = random.next();
      const k = random.int(5);
      const v = random.uniform(-2, 3);
      if (!(u >= 0 && u < 1) || !(Number.isInteger(k) && k >= 0 && k < 5) || !(v >= -2 && v < 3)) outOfRange.push(i);
    }
    expect(outOfRange).toEqual([]);
  });

  it('shuffles in place into a permutation, deterministically', () => {
    const shuffled = createRandom(1).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(createRandom(1).shuffle(Int32Array.from({ length: 50 }, (_, i) => i))).toEqual(Int32Array.from(shuffled));
  });

  it('forks streams that depend only on the seed and the label, not on draws from the parent', () => {
    const fresh = createRandom(5);
    const used = createRandom(5);
    draw(used, 1000);
    expect(draw(fresh.fork('init'), 50)).toEqual(draw(used.fork('init'), 50));
    expect(draw(fresh.fork('init'), 50)).not.toEqual(draw(fresh.fork('batches'), 50));
    expect(draw(fresh.fork('init'), 50)).not.toEqual(draw(createRandom(5), 50));
    expect(draw(fresh.fork(3), 50)).toEqual(draw(fresh.fork('3'), 50));
    expect(draw(fresh.fork('a').fork('b'), 50)).not.toEqual(draw(fresh.fork('b').fork('a'), 50));
  });

  it('forks uncorrelated streams', () => {
    // For independent uniforms the sample correlation of n pairs has standard deviation 1/√n
    // (0.0032 for n = 100 000); 0.02 is over 6 standard deviations.
    const n = 100_000;
    const a = draw(createRandom(9).fork('x'), n);
    const b = draw(createRandom(9).fork('y'), n);
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / n;
    const ma = mean(a);
    const mb = mean(b);
    let covariance = 0;
    let varianceA = 0;
    let varianceB = 0;
    for (let i = 0; i < n; i++) {
      covariance += (a[i] - ma) * (b[i] - mb);
      varianceA += (a[i] - ma) ** 2;
      varianceB += (b[i] - mb) ** 2;
    }
    expect(Math.abs(covariance / Math.sqrt(varianceA * varianceB))).toBeLessThan(0.02);
  });

  it('draws normal() with the requested mean and standard deviation', () => {
    // n = 200 000 draws of N(3, 2²): the sample mean has standard error 2/√n ≈ 0.0045 and the
    // sample standard deviation about 2/√(2n) ≈ 0.0032; the tolerances are over 4 standard errors.
    const random = createRandom(11);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let within1 = 0;
    for (let i = 0; i < n; i++) {
      const value = random.normal(3, 2);
      sum += value;
      sumSquares += value * value;
      if (Math.abs(value - 3) < 2) within1++;
    }
    const mean = sum / n;
    const std = Math.sqrt(sumSquares / n - mean * mean);
    expect(Math.abs(mean - 3)).toBeLessThan(0.02);
    expect(Math.abs(std - 2)).toBeLessThan(0.015);
    // The shape, not only the moments: P(|z| < 1) = 0.6827, standard error √(p(1−p)/n) ≈ 0.001.
    expect(Math.abs(within1 / n - 0.6827)).toBeLessThan(0.005);
  });
});
