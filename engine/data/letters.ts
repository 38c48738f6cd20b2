import { createRandom, type Random } from '../random';
import type { DatasetShape } from './dataset';
import type { ImageDataset } from './image';
import { LETTER_FONTS } from './letters-glyphs.generated';

/**
 * The lecture's "letters" set for the network-paralysis experiment: 29×29 grey images of the
 * capitals A–Z (841 inputs, 26 classes), drawn from Hershey stroke fonts with a random affine
 * distortion, stroke width and anti-aliasing, exactly as EXPERIMENTS.md §1 prescribes, so the
 * statistics the lecture's numbers rest on (mean intensity ≈ 0.16, ≈ 16 % of pixels above 0.5)
 * hold here too.
 */
export const LETTERS_SIDE = 29;
export const LETTERS_CLASSES = 26;
export const LETTERS_SHAPE: DatasetShape = { title: 'Letters 29×29', width: LETTERS_SIDE * LETTERS_SIDE, classes: LETTERS_CLASSES };

/** The glyph's longer side before distortion, in pixels. */
const GLYPH_SIZE = 21;
/** Pixel centres sit at integer coordinates 0…28, so the image centre is 14. */
const CENTRE = (LETTERS_SIDE - 1) / 2;
const MAX_ANGLE = 0.2;
const MAX_SHEAR = 0.25;
const MIN_STRETCH = 0.8;
const MAX_STRETCH = 1.1;
const MAX_SHIFT = 2;
const MIN_STROKE = 1.2;
const MAX_STROKE = 2.4;

/** The random choices behind one image. */
export interface LetterDraw {
  /** Class: 0 for 'A' … 25 for 'Z'. */
  letter: number;
  /** Index into LETTER_FONTS: futural, futuram, timesr, timesrb, timesi, timesib, scripts, scriptc. */
  font: number;
  /** Rotation θ in radians. */
  angle: number;
  /** Horizontal shear s: x gains s·y. */
  shear: number;
  scaleX: number;
  scaleY: number;
  /** Translation of the glyph centre from the image centre, in pixels. */
  shiftX: number;
  shiftY: number;
  /** Stroke width w in pixels. */
  strokeWidth: number;
}

export interface LettersSpec {
  trainSize: number;
  testSize: number;
  trainSeed: number;
  testSeed: number;
}

/** EXPERIMENTS.md §1: 6000 training images from seed 1, 2000 test images from seed 2. */
export const DEFAULT_LETTERS: LettersSpec = { trainSize: 6000, testSize: 2000, trainSeed: 1, testSeed: 2 };

/** The fixed training and test sets; each is its own seeded stream, so resizing one leaves the other unchanged. */
export function lettersSplit(spec: LettersSpec = DEFAULT_LETTERS): { train: ImageDataset; test: ImageDataset } {
  return { train: generateLetters(spec.trainSize, spec.trainSeed), test: generateLetters(spec.testSize, spec.testSeed) };
}

/** `count` images with uniformly drawn letters and fonts; the same count and seed give the same images. */
export function generateLetters(count: number, seed: number): ImageDataset {
  if (!Number.isInteger(count) || count < 0) throw new Error(`Letters count must be a non-negative integer, got ${count}`);
  const random = createRandom(seed).fork('letters');
  const width = LETTERS_SHAPE.width;
  const features = new Float32Array(count * width);
  const labels = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    const draw = drawLetterParameters(random);
    renderLetter(draw, features.subarray(row * width, (row + 1) * width));
    labels[row] = draw.letter;
  }
  return { features, labels, rows: count, width, classes: LETTERS_CLASSES, image: { height: LETTERS_SIDE, width: LETTERS_SIDE } };
}

/** Draws in the recipe's order: class, font, θ, s, sx, sy, translation, stroke width. */
export function drawLetterParameters(random: Random): LetterDraw {
  return {
    letter: random.int(LETTERS_CLASSES),
    font: random.int(LETTER_FONTS.length),
    angle: random.uniform(-MAX_ANGLE, MAX_ANGLE),
    shear: random.uniform(-MAX_SHEAR, MAX_SHEAR),
    scaleX: random.uniform(MIN_STRETCH, MAX_STRETCH),
    scaleY: random.uniform(MIN_STRETCH, MAX_STRETCH),
    shiftX: random.uniform(-MAX_SHIFT, MAX_SHIFT),
    shiftY: random.uniform(-MAX_SHIFT, MAX_SHIFT),
    strokeWidth: random.uniform(MIN_STROKE, MAX_STROKE),
  };
}

/**
 * Rasterises one letter into `image` (29×29, row-major, overwritten). The glyph's bounding box
 * is centred and scaled so its longer side is 21 px, then mapped by
 * A = R(θ)·Shear(s)·diag(sx, sy) about the image centre plus the shift, and every pixel gets
 * clamp(w/2 + 0.5 − distance from its centre to the nearest stroke segment, 0, 1): a stroke of
 * width w with a one-pixel linear anti-aliasing ramp.
 */
export function renderLetter(draw: LetterDraw, image: Float32Array): void {
  const polylines = LETTER_FONTS[draw.font].glyphs[draw.letter];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const line of polylines) {
    for (let i = 0; i < line.length; i += 2) {
      minX = Math.min(minX, line[i]);
      maxX = Math.max(maxX, line[i]);
      minY = Math.min(minY, line[i + 1]);
      maxY = Math.max(maxY, line[i + 1]);
    }
  }
  const glyphCentreX = (minX + maxX) / 2;
  const glyphCentreY = (minY + maxY) / 2;
  const scale = GLYPH_SIZE / Math.max(maxX - minX, maxY - minY);

  // R(θ)·[[sx, s·sy], [0, sy]]·scale
  const cos = Math.cos(draw.angle);
  const sin = Math.sin(draw.angle);
  const a = scale * cos * draw.scaleX;
  const b = scale * (cos * draw.shear * draw.scaleY - sin * draw.scaleY);
  const c = scale * sin * draw.scaleX;
  const d = scale * (sin * draw.shear * draw.scaleY + cos * draw.scaleY);
  const originX = CENTRE + draw.shiftX;
  const originY = CENTRE + draw.shiftY;

  image.fill(0);
  const reach = draw.strokeWidth / 2 + 0.5;
  for (const line of polylines) {
    let previousX = 0;
    let previousY = 0;
    for (let i = 0; i < line.length; i += 2) {
      const u = line[i] - glyphCentreX;
      const v = line[i + 1] - glyphCentreY;
      const x = originX + a * u + b * v;
      const y = originY + c * u + d * v;
      if (i > 0) paintSegment(image, previousX, previousY, x, y, reach);
      previousX = x;
      previousY = y;
    }
  }
}

/** Raises each pixel within `reach` of the segment to reach − distance (clamped to 1); pixels only ever brighten, so overlaps take the nearest segment. */
function paintSegment(image: Float32Array, ax: number, ay: number, bx: number, by: number, reach: number): void {
  const last = LETTERS_SIDE - 1;
  const left = Math.max(0, Math.ceil(Math.min(ax, bx) - reach));
  const right = Math.min(last, Math.floor(Math.max(ax, bx) + reach));
  const top = Math.max(0, Math.ceil(Math.min(ay, by) - reach));
  const bottom = Math.min(last, Math.floor(Math.max(ay, by) + reach));
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  for (let py = top; py <= bottom; py++) {
    for (let px = left; px <= right; px++) {
      const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
      const distance = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
      const value = Math.min(1, reach - distance);
      const pixel = py * LETTERS_SIDE + px;
      if (value > image[pixel]) image[pixel] = value;
    }
  }
}
