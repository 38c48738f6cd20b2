import { createRandom, type Random } from '../random';
import type { Dataset, DatasetShape, DatasetSplit } from './dataset';

/**
 * 2-D sets for decision-boundary demos, beside the two spirals (spirals.ts). Each has the same
 * size knobs as the spirals: exactly `pointsPerClass` points per class, Gaussian `noise` (its
 * standard deviation, per coordinate) and a shuffled `testFraction` split. Coordinates stay
 * roughly in [−1.5, 1.5] so one plot range fits all.
 */
export interface Synthetic2dOptions {
  pointsPerClass: number;
  noise: number;
  testFraction: number;
}

export interface BlobsOptions extends Synthetic2dOptions {
  /** Number of blobs, one class each (at least 2). */
  classes: number;
}

export const MOONS_SHAPE: DatasetShape = { title: 'Two moons', width: 2, classes: 2 };
export const CIRCLES_SHAPE: DatasetShape = { title: 'Two circles', width: 2, classes: 2 };
export const XOR_SHAPE: DatasetShape = { title: 'XOR', width: 2, classes: 2 };

export function blobsShape(classes: number): DatasetShape {
  return { title: `${classes} Gaussian blobs`, width: 2, classes };
}

/** Radius of the inner circle relative to the outer one (radius 1), as scikit-learn's default `factor`. */
const INNER_CIRCLE = 0.5;
/** XOR points keep this far from the axes before noise, so the noiseless set has a margin to learn. */
const XOR_MARGIN = 0.1;
/** Blob centres lie evenly on a circle of this radius. */
const BLOB_RING = 1;

/**
 * Two interleaved half circles (scikit-learn's make_moons), shifted so their joint bounding box
 * is centred: class 0 is (cos t, sin t), class 1 is (1 − cos t, 0.5 − sin t), t evenly spaced over
 * [0, π], both minus (0.5, 0.25).
 */
export function moons(options: Synthetic2dOptions, seed: number): DatasetSplit {
  return generate2d('moons', MOONS_SHAPE.classes, options, seed, (label, i, n) => {
    const t = n === 1 ? 0 : (Math.PI * i) / (n - 1);
    return label === 0 ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25] : [0.5 - Math.cos(t), 0.25 - Math.sin(t)];
  });
}

/** Two concentric circles: class 0 on radius 1, class 1 on radius 0.5, angles evenly spaced. */
export function circles(options: Synthetic2dOptions, seed: number): DatasetSplit {
  return generate2d('circles', CIRCLES_SHAPE.classes, options, seed, (label, i, n) => {
    const angle = (2 * Math.PI * i) / n;
    const radius = label === 0 ? 1 : INNER_CIRCLE;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/**
 * XOR: class 0 in the quadrants where x and y share a sign, class 1 where they differ; each
 * coordinate's magnitude is U(0.1, 1) and the two quadrants of a class alternate, so every
 * quadrant holds a quarter of the points.
 */
export function xor(options: Synthetic2dOptions, seed: number): DatasetSplit {
  return generate2d('xor', XOR_SHAPE.classes, options, seed, (label, i, _n, random) => {
    const signX = i % 2 === 0 ? 1 : -1;
    const signY = label === 0 ? signX : -signX;
    return [signX * random.uniform(XOR_MARGIN, 1), signY * random.uniform(XOR_MARGIN, 1)];
  });
}

/** `classes` round Gaussian blobs of standard deviation `noise`, centred evenly on the unit circle (class k at angle 2πk/classes). */
export function blobs(options: BlobsOptions, seed: number): DatasetSplit {
  const { classes } = options;
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`Blobs classes must be an integer ≥ 2, got ${classes}`);
  return generate2d('blobs', classes, options, seed, (label) => {
    const angle = (2 * Math.PI * label) / classes;
    return [BLOB_RING * Math.cos(angle), BLOB_RING * Math.sin(angle)];
  });
}

/** Point i of n of class `label` before noise; draws, if any, come from `random`. */
type PlacePoint = (label: number, i: number, n: number, random: Random) => [number, number];

function generate2d(name: string, classes: number, options: Synthetic2dOptions, seed: number, place: PlacePoint): DatasetSplit {
  const { pointsPerClass, noise, testFraction } = options;
  if (!Number.isInteger(pointsPerClass) || pointsPerClass < 1) throw new Error(`${name}: pointsPerClass must be a positive integer, got ${pointsPerClass}`);
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new Error(`${name}: noise must be a finite number ≥ 0, got ${noise}`);
  if (!(testFraction >= 0 && testFraction < 1)) throw new Error(`${name}: testFraction must be in [0, 1), got ${testFraction}`);

  const random = createRandom(seed).fork(name);
  const total = classes * pointsPerClass;
  const features = new Float32Array(total * 2);
  const labels = new Int32Array(total);
  for (let label = 0; label < classes; label++) {
    for (let i = 0; i < pointsPerClass; i++) {
      const row = label * pointsPerClass + i;
      const [x, y] = place(label, i, pointsPerClass, random);
      features[2 * row] = x + random.normal(0, noise);
      features[2 * row + 1] = y + random.normal(0, noise);
      labels[row] = label;
    }
  }
  const order = random.shuffle(Array.from({ length: total }, (_, row) => row));
  const testRows = Math.round(total * testFraction);
  const pick = (rows: number[]): Dataset => {
    const picked: Dataset = { features: new Float32Array(rows.length * 2), labels: new Int32Array(rows.length), rows: rows.length, width: 2, classes };
    rows.forEach((source, target) => {
      picked.features[2 * target] = features[2 * source];
      picked.features[2 * target + 1] = features[2 * source + 1];
      picked.labels[target] = labels[source];
    });
    return picked;
  };
  return { test: pick(order.slice(0, testRows)), train: pick(order.slice(testRows)) };
}
