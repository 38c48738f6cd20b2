/** Shared look of the instruments' charts: the theme's CSS variables, so they follow light and dark. */
export const AXIS_STYLE = { fontSize: 11, fill: 'var(--muted)' };
export const GRID_COLOR = 'var(--border-soft)';
export const TOOLTIP_STYLE = { background: 'var(--panel)', borderColor: 'var(--border)', color: 'var(--text)', fontSize: 12 };
export const CHART_MARGIN = { top: 6, right: 10, bottom: 2, left: 0 };
export const Y_AXIS_WIDTH = 52;

/** Thousands of steps with at most one decimal ("12.5k"). One formatter: recharts formats every tick on every redraw, and making one per call was a measurable part of a redraw. */
const THOUSANDS = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export function formatStep(step: number): string {
  return Math.abs(step) >= 1000 ? `${THOUSANDS.format(step / 1000)}k` : String(step);
}

/** Four significant digits, exponent form for the very small and very large (gradients reach 1e-9). */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

/** Axis ticks: shorter than the readout. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-2 || magnitude >= 1e4) return value.toExponential(0);
  return Number(value.toPrecision(2)).toString();
}

export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
