/**
 * Colours of the instruments. Runs get distinct hues that read on the light and the dark theme;
 * magnitudes spanning decades (gradients) map to a ramp on a log scale.
 */

export const RUN_COLOURS = ['#2f7ed8', '#e4572e', '#17a673', '#9b5de5', '#f4a100', '#00a6c7', '#d6336c', '#6c757d'] as const;

/** The first run colour not in `taken` (cycling when all are). */
export function freeRunColour(taken: ReadonlySet<string>, offset = 0): string {
  const free = RUN_COLOURS.filter((colour) => !taken.has(colour));
  return free.length > 0 ? free[offset % free.length] : runColour(offset);
}

export function runColour(index: number): string {
  return RUN_COLOURS[((index % RUN_COLOURS.length) + RUN_COLOURS.length) % RUN_COLOURS.length];
}

/** Class colours of the decision boundary and its points, as RGB. */
export const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  [47, 126, 216],
  [228, 87, 46],
  [23, 166, 115],
  [155, 93, 229],
  [244, 161, 0],
  [0, 166, 199],
  [214, 51, 108],
  [108, 117, 125],
  [120, 80, 40],
  [60, 60, 60],
];

/** Grey (vanished) through blue and orange to red (exploding): stops of the gradient ramp. */
const RAMP: readonly (readonly [number, number, number])[] = [
  [176, 176, 176],
  [47, 126, 216],
  [244, 161, 0],
  [214, 39, 40],
];

/**
 * Where `value` lies in [low, high] on a log scale, clamped to [0, 1]; 0 for values that are
 * not positive (no gradient at all).
 */
export function logPosition(value: number, low: number, high: number): number {
  if (!(value > 0) || !(low > 0) || !(high > 0)) return 0;
  if (high <= low) return 1;
  return Math.min(1, Math.max(0, Math.log(value / low) / Math.log(high / low)));
}

export function rampColour(position: number): string {
  const scaled = Math.min(1, Math.max(0, position)) * (RAMP.length - 1);
  const stop = Math.min(RAMP.length - 2, Math.floor(scaled));
  const t = scaled - stop;
  const [r, g, b] = RAMP[stop].map((channel, index) => Math.round(channel + t * (RAMP[stop + 1][index] - channel)));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Default range of the edge colouring: the lecture's paralysed layers sit near 1e-7, healthy ones near 1e-3 to 1e-1. */
export const GRADIENT_RANGE: readonly [number, number] = [1e-7, 1];

/** An edge's stroke for the gradient flowing back through it: colour and width both grow with log magnitude. */
export function edgeGradientStyle(magnitude: number, range: readonly [number, number] = GRADIENT_RANGE): { stroke: string; strokeWidth: number } {
  const position = logPosition(magnitude, range[0], range[1]);
  return { stroke: rampColour(position), strokeWidth: 1 + 3 * position };
}
