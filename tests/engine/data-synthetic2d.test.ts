import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetSplit } from '../../engine/data/dataset';
import { blobs, blobsShape, circles, moons, xor, type Synthetic2dOptions } from '../../engine/data/synthetic2d';

const options: Synthetic2dOptions = { pointsPerClass: 150, noise: 0.05, testFraction: 0.2 };

const generators = {
  moons: (o: Synthetic2dOptions, seed: number) => moons(o, seed),
  circles: (o: Synthetic2dOptions, seed: number) => circles(o, seed),
  xor: (o: Synthetic2dOptions, seed: number) => xor(o, seed),
  blobs: (o: Synthetic2dOptions, seed: number) => blobs({ ...o, classes: 4 }, seed),
};

function points(split: DatasetSplit): { x: number; y: number; label: number }[] {
  const of = (set: Dataset) => Array.from({ length: set.rows }, (_, row) => ({ x: set.features[2 * row], y: set.features[2 * row + 1], label: set.labels[row] }));
  return [...of(split.train), ...of(split.test)];
}

describe.each(Object.entries(generators))('%s', (name, generate) => {
  it('has exactly pointsPerClass points per class, split by testFraction, in a common plot range', () => {
    const split = generate(options, 1);
    const classes = split.train.classes;
    expect([split.train.width, split.test.classes]).toEqual([2, classes]);
    expect(split.train.rows + split.test.rows).toBe(classes * 150);
    expect(split.test.rows).toBe(Math.round(classes * 150 * 0.2));
    const all = points(split);
    for (let label = 0; label < classes; label++) expect(all.filter((p) => p.label === label)).toHaveLength(150);
    expect(new Set(split.test.labels).size).toBe(classes);
    // Within [−1.5, 1.5] before noise; 5 standard deviations of noise more at most.
    for (const p of all) expect(Math.max(Math.abs(p.x), Math.abs(p.y))).toBeLessThan(1.5 + 5 * options.noise);
  });

  it('is deterministic in the seed', () => {
    expect(generate(options, 5)).toEqual(generate(options, 5));
    expect(generate(options, 5).train.features).not.toEqual(generate(options, 6).train.features);
  });

  it('rejects bad sizes by name', () => {
    expect(() => generate({ ...options, pointsPerClass: 0 }, 1)).toThrow(`${name}: pointsPerClass must be a positive integer, got 0`);
    expect(() => generate({ ...options, noise: -1 }, 1)).toThrow(`${name}: noise must be a finite number ≥ 0, got -1`);
    expect(() => generate({ ...options, testFraction: 1 }, 1)).toThrow(`${name}: testFraction must be in [0, 1), got 1`);
  });
});

describe('the shapes of the 2-D sets without noise', () => {
  const clean = { ...options, noise: 0 };

  it('moons: two half circles of radius 1 around (−0.5, −0.25) and (0.5, 0.25)', () => {
    for (const p of points(moons(clean, 1))) {
      const [cx, cy] = p.label === 0 ? [-0.5, -0.25] : [0.5, 0.25];
      expect(Math.hypot(p.x - cx, p.y - cy)).toBeCloseTo(1, 6);
      // Class 0 is the upper arc, class 1 the lower one.
      expect(p.label === 0 ? p.y >= cy - 1e-6 : p.y <= cy + 1e-6).toBe(true);
    }
  });

  it('circles: radius 1 for class 0 and 0.5 for class 1', () => {
    for (const p of points(circles(clean, 1))) expect(Math.hypot(p.x, p.y)).toBeCloseTo(p.label === 0 ? 1 : 0.5, 6);
  });

  it('xor: the class is whether x and y differ in sign, a quarter of the points in each quadrant, away from the axes', () => {
    const all = points(xor(clean, 1));
    for (const p of all) {
      expect(p.label).toBe(Math.sign(p.x) === Math.sign(p.y) ? 0 : 1);
      expect(Math.min(Math.abs(p.x), Math.abs(p.y))).toBeGreaterThanOrEqual(0.1 - 1e-6);
    }
    for (const [sx, sy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) expect(all.filter((p) => Math.sign(p.x) === sx && Math.sign(p.y) === sy)).toHaveLength(75);
  });

  it('blobs: class k centred at angle 2πk/classes on the unit circle, spread by the noise', () => {
    const split = blobs({ ...options, pointsPerClass: 2000, noise: 0.1, classes: 3 }, 2);
    expect(blobsShape(3)).toEqual({ title: '3 Gaussian blobs', width: 2, classes: 3 });
    const all = points(split);
    for (let k = 0; k < 3; k++) {
      const members = all.filter((p) => p.label === k);
      const meanX = members.reduce((sum, p) => sum + p.x, 0) / members.length;
      const meanY = members.reduce((sum, p) => sum + p.y, 0) / members.length;
      // Standard error of each mean: 0.1 / √2000 ≈ 0.0022.
      expect(Math.hypot(meanX - Math.cos((2 * Math.PI * k) / 3), meanY - Math.sin((2 * Math.PI * k) / 3))).toBeLessThan(0.01);
      const std = Math.sqrt(members.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0) / members.length);
      expect(Math.abs(std - 0.1)).toBeLessThan(0.006);
    }
    expect(() => blobs({ ...options, classes: 1 }, 1)).toThrow('Blobs classes must be an integer ≥ 2, got 1');
  });
});
