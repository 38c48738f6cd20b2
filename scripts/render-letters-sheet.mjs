// Renders docs/letters-sheet.png: the first 8 training images (seed 1) of each of the 26
// letters, one column per letter as in the lecture's figures/letters_sheet.png, and prints how
// long generating the 6000 training images took.
//
//   node scripts/render-letters-sheet.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { encodeGreyPng } from './lib/png.mjs';

const projectRoot = path.resolve(import.meta.dirname, '..');
const SAMPLES_PER_LETTER = 8;
/** Each 29-pixel tile plus a 1-pixel gap, shown at twice the size. */
const CELL = 30;
const ZOOM = 2;

const bundle = await build({ entryPoints: [path.join(projectRoot, 'engine/data/letters.ts')], bundle: true, format: 'esm', platform: 'neutral', write: false });
const { DEFAULT_LETTERS, LETTERS_CLASSES, LETTERS_SIDE, generateLetters } = await import(
  `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`
);

const started = performance.now();
const train = generateLetters(DEFAULT_LETTERS.trainSize, DEFAULT_LETTERS.trainSeed);
const elapsed = performance.now() - started;

const width = LETTERS_CLASSES * CELL * ZOOM;
const height = SAMPLES_PER_LETTER * CELL * ZOOM;
const pixels = new Uint8Array(width * height);
const placed = new Array(LETTERS_CLASSES).fill(0);
for (let row = 0; row < train.rows; row++) {
  const letter = train.labels[row];
  const slot = placed[letter]++;
  if (slot >= SAMPLES_PER_LETTER) continue;
  for (let y = 0; y < LETTERS_SIDE * ZOOM; y++) {
    for (let x = 0; x < LETTERS_SIDE * ZOOM; x++) {
      const value = train.features[row * train.width + Math.floor(y / ZOOM) * LETTERS_SIDE + Math.floor(x / ZOOM)];
      pixels[(slot * CELL * ZOOM + y) * width + letter * CELL * ZOOM + x] = Math.round(255 * value);
    }
  }
}
const missing = placed.findIndex((count) => count < SAMPLES_PER_LETTER);
if (missing >= 0) throw new Error(`only ${placed[missing]} samples of letter ${String.fromCharCode(65 + missing)}`);

const target = path.join(projectRoot, 'docs/letters-sheet.png');
writeFileSync(target, encodeGreyPng(width, height, pixels));
console.log(`generated ${train.rows} letters in ${elapsed.toFixed(0)} ms; wrote ${path.relative(projectRoot, target)}`);
