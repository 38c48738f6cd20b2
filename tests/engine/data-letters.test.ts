import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LETTERS, LETTERS_SHAPE, generateLetters, lettersSplit, renderLetter, type LetterDraw } from '../../engine/data/letters';
import { LETTER_FONTS } from '../../engine/data/letters-glyphs.generated';
import { sameValues } from './data-support';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const SIDE = 29;

const upright: LetterDraw = { letter: 8, font: 0, angle: 0, shear: 0, scaleX: 1, scaleY: 1, shiftX: 0, shiftY: 0, strokeWidth: 1.6 };

function render(draw: LetterDraw): Float32Array {
  const image = new Float32Array(SIDE * SIDE);
  renderLetter(draw, image);
  return image;
}

describe('the generated Hershey glyph module', () => {
  it('is up to date with scripts/build-letters-glyphs.mjs and hersheytext', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-letters-glyphs.mjs', '--check'], { cwd: projectRoot, stdio: 'pipe' })).not.toThrow();
  });

  it('holds the 26 capitals of the 8 fonts, indexed by char code − 33 in hersheytext', () => {
    expect(LETTER_FONTS.map((font) => font.name)).toEqual(['futural', 'futuram', 'timesr', 'timesrb', 'timesi', 'timesib', 'scripts', 'scriptc']);
    for (const font of LETTER_FONTS) expect(font.glyphs).toHaveLength(26);
    const hershey = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules/hersheytext/hersheytext.json'), 'utf8'));
    expect(hershey.futural.chars['A'.charCodeAt(0) - 33].d).toBe('M9,1 L1,22 M9,1 L17,22 M4,15 L14,15');
    expect(LETTER_FONTS[0].glyphs[0]).toEqual([
      [9, 1, 1, 22],
      [9, 1, 17, 22],
      [4, 15, 14, 15],
    ]);
  });
});

describe('letter rasterisation', () => {
  it('scales the longer side to 21 px about the centre and shades by w/2 + 0.5 − distance', () => {
    // futural 'I' is one vertical stroke: after scaling it runs from (14, 3.5) to (14, 24.5).
    const image = render(upright);
    const at = (row: number, column: number): number => image[row * SIDE + column];
    expect(at(14, 14)).toBe(1);
    expect(at(14, 15)).toBeCloseTo(0.3, 6); // distance 1: 0.8 + 0.5 − 1
    expect(at(14, 16)).toBe(0);
    expect(at(3, 14)).toBeCloseTo(0.8, 6); // distance 0.5 from the stroke's end
    expect(at(2, 14)).toBe(0);
    expect(at(24, 14)).toBe(1);
    expect(at(25, 14)).toBeCloseTo(0.8, 6);
  });

  it('shifts, rotates and widens as drawn', () => {
    const shifted = render({ ...upright, shiftX: 2, shiftY: -1 });
    expect(shifted[13 * SIDE + 16]).toBe(1);
    expect(shifted[13 * SIDE + 14]).toBe(0);
    // A quarter turn lays the stroke horizontally (the recipe's θ stays within ±0.2; this checks the matrix).
    const turned = render({ ...upright, angle: Math.PI / 2 });
    expect(turned[14 * SIDE + 4]).toBe(1);
    expect(turned[14 * SIDE + 24]).toBe(1);
    expect(turned[4 * SIDE + 14]).toBe(0);
    const wide = render({ ...upright, strokeWidth: 2.4 });
    expect(wide[14 * SIDE + 15]).toBeCloseTo(0.7, 6);
  });

  it('shears x by s·y: the stroke leans', () => {
    const sheared = render({ ...upright, shear: 0.25 });
    // Glyph centre at row 14; 8 px below it the stroke sits 0.25 · 8 = 2 px to the right.
    expect(sheared[22 * SIDE + 16]).toBe(1);
    expect(sheared[6 * SIDE + 12]).toBe(1);
  });
});

describe('the letters dataset', () => {
  const { train, test } = lettersSplit();

  it('has 6000 training and 2000 test images of 29×29 in [0, 1], 26 classes', () => {
    expect([train.rows, train.width, train.classes, train.image]).toEqual([6000, 841, 26, { height: 29, width: 29 }]);
    expect([test.rows, test.width]).toEqual([2000, 841]);
    expect(LETTERS_SHAPE).toEqual({ title: 'Letters 29×29', width: 841, classes: 26 });
    expect(Math.min(...train.features.subarray(0, 841 * 50))).toBe(0);
    expect(Math.max(...train.features.subarray(0, 841 * 50))).toBe(1);
    // 6000 uniform draws over 26 classes: 231 expected, ±15 standard deviation.
    const counts = new Array(26).fill(0);
    for (const label of train.labels) counts[label]++;
    expect(Math.min(...counts)).toBeGreaterThan(170);
    expect(Math.max(...counts)).toBeLessThan(300);
  });

  it('has the statistics of EXPERIMENTS.md §1: mean intensity 0.16, 16 % of pixels above 0.5', () => {
    // Measured here: 0.159 and 0.160 for seed 1, 0.160 and 0.161 for seeds 2 and 3.
    let sum = 0;
    let bright = 0;
    for (const value of train.features) {
      sum += value;
      if (value > 0.5) bright++;
    }
    expect(Math.abs(sum / train.features.length - 0.16)).toBeLessThan(0.005);
    expect(Math.abs(bright / train.features.length - 0.16)).toBeLessThan(0.005);
  });

  it('is deterministic in the seed, and the training and test sets come from seeds 1 and 2', () => {
    const again = generateLetters(DEFAULT_LETTERS.trainSize, 1);
    expect(sameValues(again.features, train.features) && sameValues(again.labels, train.labels)).toBe(true);
    const testAgain = generateLetters(2000, 2);
    expect(sameValues(testAgain.features, test.features)).toBe(true);
    expect(sameValues(train.features.subarray(0, 841 * 100), test.features.subarray(0, 841 * 100))).toBe(false);
    // Sizes only cut the stream: the first 100 images do not depend on how many follow.
    const short = generateLetters(100, 1);
    expect(sameValues(short.features, train.features.subarray(0, 841 * 100))).toBe(true);
  });

  it('labels images consistently: a nearest-class-mean classifier fitted on train scores far above chance on test', () => {
    const means = new Float64Array(26 * 841);
    const counts = new Array(26).fill(0);
    for (let row = 0; row < train.rows; row++) {
      counts[train.labels[row]]++;
      for (let j = 0; j < 841; j++) means[train.labels[row] * 841 + j] += train.features[row * 841 + j];
    }
    for (let k = 0; k < 26; k++) for (let j = 0; j < 841; j++) means[k * 841 + j] /= counts[k];
    let correct = 0;
    for (let row = 0; row < test.rows; row++) {
      let best = -1;
      let bestDistance = Infinity;
      for (let k = 0; k < 26; k++) {
        let distance = 0;
        for (let j = 0; j < 841; j++) distance += (test.features[row * 841 + j] - means[k * 841 + j]) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = k;
        }
      }
      if (best === test.labels[row]) correct++;
    }
    // Chance is 1/26 ≈ 0.04; measured 0.52 (8 fonts per class make the class means blurry).
    expect(correct / test.rows).toBeGreaterThan(0.4);
  });

  it('rejects a negative count', () => {
    expect(() => generateLetters(-1, 1)).toThrow('Letters count must be a non-negative integer, got -1');
  });
});
