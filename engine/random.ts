/**
 * The engine's only source of randomness: a seeded sfc32 generator (Chris Doty-Humphrey's
 * "small fast counting" PRNG, 128-bit state, passes PractRand) whose state is filled by
 * splitmix32. Every random draw in a run comes from a stream of `training.seed`, so a run is
 * reproducible bit for bit.
 *
 * Streams are split with `fork(label)`: weight init, data generation and batch order each draw
 * from their own stream, so e.g. changing the batch size leaves the initial weights unchanged.
 */
export interface Random {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number;
  /** Gaussian N(mean, std²) by the Box-Muller transform (the second value of each pair is kept for the next call). */
  normal(mean?: number, std?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<A extends MutableArrayLike>(array: A): A;
  /**
   * An independent stream derived from this stream's seed path and `label` only, not from the
   * draws made so far, so forks are stable however much the parent was used.
   * `fork(1)` and `fork('1')` are the same stream.
   */
  fork(label: string | number): Random;
}

export interface MutableArrayLike {
  readonly length: number;
  [index: number]: unknown;
}

const TWO_POW_32 = 4294967296;

export function createRandom(seed: number): Random {
  return fromKey(keyOfSeed(seed));
}

/** Reduces any number (integers beyond 32 bits, negatives, fractions) to a 32-bit key. */
function keyOfSeed(seed: number): number {
  const high = Math.floor(seed / TWO_POW_32);
  const low = seed - high * TWO_POW_32;
  const fraction = low - Math.floor(low);
  return hashWords([Math.floor(low) >>> 0, high >>> 0, Math.floor(fraction * TWO_POW_32) >>> 0]);
}

/** splitmix32's output function: a bijective avalanche of one 32-bit word. */
function mix32(value: number): number {
  let z = value | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

function hashWords(words: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const word of words) hash = mix32((hash ^ word) + 0x9e3779b9);
  return hash;
}

/** FNV-1a over UTF-16 code units, then mixed. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  return mix32(hash);
}

function fromKey(key: number): Random {
  // splitmix32 fills the 128-bit sfc32 state from the 32-bit key.
  let counter = key | 0;
  const splitmix = (): number => {
    counter = (counter + 0x9e3779b9) | 0;
    return mix32(counter);
  };
  let a = splitmix() | 0;
  let b = splitmix() | 0;
  let c = splitmix() | 0;
  let d = splitmix() | 0;

  const nextWord = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a freshly seeded sfc32 are still correlated with the seed.
  for (let i = 0; i < 12; i++) nextWord();

  const next = (): number => nextWord() / TWO_POW_32;
  let spareNormal: number | null = null;

  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    normal(mean = 0, std = 1) {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return mean + std * value;
      }
      const radius = Math.sqrt(-2 * Math.log(1 - next())); // 1 - next() is in (0, 1]: log never sees 0
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return mean + std * radius * Math.cos(angle);
    },
    int: (n) => Math.floor(next() * n),
    shuffle(array) {
      for (let i = array.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const held = array[i];
        array[i] = array[j];
        array[j] = held;
      }
      return array;
    },
    fork: (label) => fromKey(hashWords([key, hashLabel(String(label))])),
  };
}
