import type { NetDocument } from '../document/types';
import type { RunInstruments } from '../protocol';
import { DEFAULT_HISTOGRAM_BINS } from '../stats/collect';
import { DEFAULT_PERCENTILE_RANKS } from '../stats/percentiles';

/** Every 50 steps costs the default networks a few per cent of their throughput (docs/ENGINE.md). */
export const DEFAULT_INSTRUMENTS: Readonly<RunInstruments> = Object.freeze({
  every: 50,
  histogramBins: DEFAULT_HISTOGRAM_BINS,
  percentiles: [...DEFAULT_PERCENTILE_RANKS],
  weightHistograms: true,
});

/**
 * A run's instrument settings: the given ones (a document's `instruments`, a CLI option) over
 * the defaults. Throws a RangeError naming the field when one is out of range.
 */
export function resolveInstruments(settings: Partial<RunInstruments> = {}): RunInstruments {
  const resolved: RunInstruments = {
    every: settings.every ?? DEFAULT_INSTRUMENTS.every,
    histogramBins: settings.histogramBins ?? DEFAULT_INSTRUMENTS.histogramBins,
    percentiles: [...(settings.percentiles ?? DEFAULT_INSTRUMENTS.percentiles)],
    weightHistograms: settings.weightHistograms ?? DEFAULT_INSTRUMENTS.weightHistograms,
  };
  for (const field of ['every', 'histogramBins'] as const) {
    const value = resolved[field];
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`instruments.${field} must be a positive integer, got ${value}`);
  }
  resolved.percentiles.forEach((rank, index) => {
    if (!(rank >= 0 && rank <= 100)) throw new RangeError(`instruments.percentiles[${index}] must lie in [0, 100], got ${rank}`);
  });
  return resolved;
}

/** The instrument settings of a document (its optional `instruments` section) over the defaults. */
export function documentInstruments(doc: NetDocument): RunInstruments {
  return resolveInstruments(doc.instruments);
}
